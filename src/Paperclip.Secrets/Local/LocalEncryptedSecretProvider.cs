using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Paperclip.Core.Domain.Secrets;
using Paperclip.Core.Errors;
using Paperclip.Core.Secrets;

namespace Paperclip.Secrets.Local;

/// <summary>
/// <c>local_encrypted</c>: AES-256-GCM under the master key, a random 12-byte nonce per version and the secret id as
/// associated data (so a ciphertext copied onto another secret does not decrypt). The material is the ciphertext;
/// the value never leaves memory in plaintext.
/// </summary>
public sealed class LocalEncryptedSecretProvider(LocalMasterKey masterKey) : ISecretProvider
{
    const string Scheme = "local_encrypted_v1";
    const int NonceSize = 12;
    const int TagSize = 16;

    /// <inheritdoc/>
    public SecretProviderDescriptor Descriptor { get; } = new(SecretProviderIds.LocalEncrypted, "Local encrypted (default)",
        RequiresExternalRef: false, SupportsManagedValues: true, SupportsExternalReferences: false, Configured: true);

    /// <inheritdoc/>
    public VaultConfigSchema ConfigSchema { get; } = new(SecretProviderIds.LocalEncrypted, VaultSetting.Flag("backupReminderAcknowledged"));

    /// <inheritdoc/>
    public Task<ProviderWrite> CreateSecretAsync(SecretWriteContext context, SecretValue value, CancellationToken cancellationToken) =>
        Task.FromResult(this.Encrypt(context, value));

    /// <inheritdoc/>
    public Task<ProviderWrite> CreateVersionAsync(SecretWriteContext context, SecretValue value, string? externalRef, CancellationToken cancellationToken) =>
        Task.FromResult(this.Encrypt(context, value));

    /// <inheritdoc/>
    public Task<ProviderWrite> LinkExternalAsync(SecretWriteContext context, string externalRef, string? providerVersionRef, CancellationToken cancellationToken) =>
        throw PaperclipException.Unprocessable(SecretErrorCodes.ProviderUnsupportedOperation, "local_encrypted does not support external reference secrets");

    /// <inheritdoc/>
    public Task<SecretValue> ResolveAsync(SecretReadContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        Material material = Material.Parse(context.Material);
        byte[] plaintext = new byte[material.Ciphertext.Length];
        try
        {
            using AesGcm aes = new(masterKey.Key, TagSize);
            aes.Decrypt(material.Nonce, material.Ciphertext, material.Tag, plaintext, AssociatedData(context.SecretId));
            return Task.FromResult(new SecretValue(Encoding.UTF8.GetString(plaintext)));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw PaperclipException.Unprocessable("secret_decryption_failed",
                $"Secret decryption failed (master key fingerprint: {masterKey.Fingerprint}). This usually means the master key does not match the key used to encrypt the secret.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <inheritdoc/>
    public Task DeleteOrArchiveAsync(SecretReadContext context, bool archiveOnly, CancellationToken cancellationToken) =>
        Task.CompletedTask; // The ciphertext lives in the version row, which goes with the secret.

    /// <inheritdoc/>
    public Task<ProviderHealth> CheckHealthAsync(SecretVault? vault, CancellationToken cancellationToken)
    {
        string[] backup = ["Back up the key file together with database backups.", "The database alone cannot restore local encrypted secret values."];
        string id = SecretProviderIds.LocalEncrypted;
        if (masterKey.Source == "env")
        {
            return Task.FromResult(Loads()
                ? new ProviderHealth(id, ProviderHealth.Ok, "Local encrypted provider is using PAPERCLIP_SECRETS_MASTER_KEY") { Details = new Dictionary<string, object?> { ["keySource"] = "env" }, BackupGuidance = backup }
                : new ProviderHealth(id, ProviderHealth.Error, "PAPERCLIP_SECRETS_MASTER_KEY is not a valid 32-byte key.") { Details = new Dictionary<string, object?> { ["keySource"] = "env" } });
        }

        string? path = masterKey.FilePath;
        Dictionary<string, object?> details = new() { ["keySource"] = "file" };
        if (path is null || !File.Exists(path))
        {
            return Task.FromResult(new ProviderHealth(id, ProviderHealth.Warn, $"Secrets key file does not exist yet: {path}")
            {
                Warnings = ["The first managed secret write will create this key file with 0600 permissions."],
                Details = details,
                BackupGuidance = backup,
            });
        }

        string? mode = OwnerOnlyFile.Mode(path);
        if (mode is not null && mode.Length >= 2 && mode[^2..] != "00")
        {
            return Task.FromResult(new ProviderHealth(id, ProviderHealth.Warn, $"Secrets key file permissions are {mode}; run chmod 600 {path}") { Details = details, BackupGuidance = backup });
        }

        return Task.FromResult(Loads()
            ? new ProviderHealth(id, ProviderHealth.Ok, $"Local encrypted provider configured with key file {path}") { Details = details, BackupGuidance = backup }
            : new ProviderHealth(id, ProviderHealth.Error, $"Invalid secrets master key at {path}") { Details = details });

        bool Loads()
        {
            try
            {
                masterKey.EnsureLoaded();
                return true;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }
    }

    /// <inheritdoc/>
    public Task<RemoteSecretPage> ListRemoteAsync(SecretVault vault, string? query, string? nextToken, int pageSize, CancellationToken cancellationToken) =>
        throw PaperclipException.Unprocessable(SecretErrorCodes.ProviderUnsupportedOperation, "local_encrypted provider does not support remote import listing");

    ProviderWrite Encrypt(SecretWriteContext context, SecretValue value)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(value);
        byte[] plaintext = Encoding.UTF8.GetBytes(value.Reveal());
        try
        {
            byte[] nonce = RandomNumberGenerator.GetBytes(NonceSize);
            byte[] ciphertext = new byte[plaintext.Length];
            byte[] tag = new byte[TagSize];
            using AesGcm aes = new(masterKey.Key, TagSize);
            aes.Encrypt(nonce, plaintext, ciphertext, tag, AssociatedData(context.SecretId));
            string material = new Material(nonce, tag, ciphertext).ToJson();

            // The fingerprint identifies the stored version, not the value: no hash of the plaintext is kept.
            return new ProviderWrite(material, null, null, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(material))));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    static byte[] AssociatedData(Guid secretId) => Encoding.UTF8.GetBytes(secretId.ToString("D"));

    sealed record Material(byte[] Nonce, byte[] Tag, byte[] Ciphertext)
    {
        public string ToJson() => JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["scheme"] = Scheme,
            ["iv"] = Convert.ToBase64String(this.Nonce),
            ["tag"] = Convert.ToBase64String(this.Tag),
            ["ciphertext"] = Convert.ToBase64String(this.Ciphertext),
            ["aad"] = "secret_id",
        });

        public static Material Parse(string? json)
        {
            try
            {
                using JsonDocument document = JsonDocument.Parse(json ?? string.Empty);
                JsonElement root = document.RootElement;
                if (root.GetProperty("scheme").GetString() == Scheme)
                {
                    Material material = new(
                        Convert.FromBase64String(root.GetProperty("iv").GetString()!),
                        Convert.FromBase64String(root.GetProperty("tag").GetString()!),
                        Convert.FromBase64String(root.GetProperty("ciphertext").GetString()!));
                    if (material.Nonce.Length == NonceSize && material.Tag.Length == TagSize)
                    {
                        return material;
                    }
                }
            }
            catch (Exception ex) when (ex is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
            {
                // Reported below without the material's content.
            }

            throw PaperclipException.Unprocessable(SecretErrorCodes.ProviderError, "Invalid local_encrypted secret material");
        }
    }
}
