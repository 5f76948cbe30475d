using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Paperclip.Secrets.Local;

/// <summary>
/// The 32-byte master key of the local provider: from the configured value, else from the key file (created 0600 with
/// a random key when missing; refused when others can read it). Decoded as upstream: 64 hex characters, then base64
/// of exactly 32 bytes, then 32 raw UTF-8 bytes.
/// </summary>
public sealed class LocalMasterKey(IOptions<LocalSecretsOptions> options)
{
    readonly Lazy<byte[]> key = new(() => Load(options.Value), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Where the key comes from: <c>env</c> (configured value) or <c>file</c>.</summary>
    public string Source => string.IsNullOrWhiteSpace(options.Value.MasterKey) ? "file" : "env";

    /// <summary>The key file in use, or null when the key is configured directly.</summary>
    public string? FilePath => string.IsNullOrWhiteSpace(options.Value.MasterKey) ? options.Value.MasterKeyFile : null;

    /// <summary>The key (loaded, or created, on first use).</summary>
    public ReadOnlySpan<byte> Key => this.key.Value;

    /// <summary>The first 12 hex characters of the key's SHA-256, to tell keys apart in an error without revealing them.</summary>
    public string Fingerprint => Convert.ToHexStringLower(SHA256.HashData(this.key.Value))[..12];

    /// <summary>Loads the key now (the self-host calls this at start so a bad key file stops it there).</summary>
    public void EnsureLoaded() => _ = this.key.Value;

    /// <summary>Decodes a key text; null when it is not a valid 32-byte key.</summary>
    public static byte[]? Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim();
        if (trimmed.Length == 64 && trimmed.All(Uri.IsHexDigit))
        {
            return Convert.FromHexString(trimmed);
        }

        // .NET's base64 decoder is strict where Node's is lenient: only text that really is base64 of 32 bytes counts.
        byte[] buffer = new byte[48];
        if (Convert.TryFromBase64String(trimmed, buffer, out int written) && written == 32)
        {
            return buffer[..32];
        }

        byte[] raw = Encoding.UTF8.GetBytes(trimmed);
        return raw.Length == 32 ? raw : null;
    }

    static byte[] Load(LocalSecretsOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.MasterKey))
        {
            return Decode(options.MasterKey)
                ?? throw new InvalidOperationException("Invalid PAPERCLIP_SECRETS_MASTER_KEY (expected 32-byte base64, 64-char hex, or raw 32-char string)");
        }

        string path = options.MasterKeyFile
            ?? throw new InvalidOperationException("The local secrets provider has no master key: set PAPERCLIP_SECRETS_MASTER_KEY or PAPERCLIP_SECRETS_MASTER_KEY_FILE.");
        string text = OwnerOnlyFile.ReadOrCreate(path, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), "secrets master key");
        return Decode(text) ?? throw new InvalidOperationException($"Invalid secrets master key at {path}");
    }
}
