using System.Text;
using Paperclip.Core.Domain.Secrets;
using Paperclip.Core.Errors;
using Paperclip.Core.Secrets;

namespace Paperclip.Secrets.AzureKeyVault;

/// <summary>
/// One Key Vault and the managed-name namespace in it, from a vault's config. Managed names are
/// <c>&lt;prefix&gt;-&lt;namespace&gt;-&lt;companyId&gt;-&lt;secretId&gt;</c> in Key Vault's character set (letters, digits,
/// <c>-</c>; case-insensitive; at most 127): named by the immutable secret id, so a re-created secret never meets
/// its soft-deleted predecessor's name, and keys with <c>_</c> or <c>.</c> never collide.
/// </summary>
public sealed record KeyVaultScope(Uri VaultUri, string Prefix, string Namespace, string EnvironmentTag, string OwnerTag, string? ClientId, string? TenantId)
{
    /// <summary>The scope of a secret in <paramref name="vault"/>; Key Vault has no deployment-level default, a vault is required.</summary>
    public static KeyVaultScope For(SecretVault? vault)
    {
        if (vault is null)
        {
            throw PaperclipException.Unprocessable(SecretErrorCodes.ProviderNotConfigured, "Azure Key Vault secrets need a provider vault (providerConfigId) with config.vaultUri");
        }

        if (vault.Provider != SecretProviderIds.AzureKeyVault)
        {
            throw PaperclipException.Unprocessable(SecretErrorCodes.VaultProviderMismatch, "Azure Key Vault provider received a mismatched provider vault");
        }

        VaultRules.EnsureSelectable(vault, SecretProviderIds.AzureKeyVault);
        Uri uri = VaultConfigPolicy.Setting(vault.Config, "vaultUri") is { } text && Uri.TryCreate(text, UriKind.Absolute, out Uri? parsed) ? parsed
            : throw PaperclipException.Unprocessable(SecretErrorCodes.ProviderNotConfigured, "Azure Key Vault provider vault requires non-secret config: vaultUri");

        // A vault without a namespace is namespaced by its own id, so two vaults never share managed names.
        return new KeyVaultScope(uri, Clean(VaultConfigPolicy.Setting(vault.Config, "secretNamePrefix") ?? "paperclip"), Clean(VaultConfigPolicy.Setting(vault.Config, "namespace") ?? vault.Id.ToString("N")[..12]),
            VaultConfigPolicy.Setting(vault.Config, "environmentTag") ?? "unknown", VaultConfigPolicy.Setting(vault.Config, "ownerTag") ?? "paperclip", VaultConfigPolicy.Setting(vault.Config, "clientId"), VaultConfigPolicy.Setting(vault.Config, "tenantId"));
    }

    /// <summary>The managed name of a secret.</summary>
    public string ManagedName(Guid companyId, Guid secretId)
    {
        string name = Clean($"{this.NamespacePrefix}{companyId:N}-{secretId:N}");
        return name.Length <= 127 ? name : name[^127..];
    }

    /// <summary>The start every managed name has in this vault (<c>&lt;prefix&gt;-&lt;namespace&gt;-</c>).</summary>
    public string NamespacePrefix => $"{this.Prefix}-{this.Namespace}-";

    /// <summary>Maps text to Key Vault's name characters: lower-case letters, digits and single <c>-</c>.</summary>
    public static string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        StringBuilder name = new();
        foreach (char c in text.Trim().ToLowerInvariant())
        {
            char mapped = char.IsAsciiLetterOrDigit(c) ? c : '-';
            if (!(mapped == '-' && name.Length > 0 && name[^1] == '-'))
            {
                name.Append(mapped);
            }
        }

        string result = name.ToString();
        return result.StartsWith('-') ? result.TrimStart('-') : result;
    }

    /// <summary>Splits a reference (<c>https://&lt;vault&gt;/secrets/&lt;name&gt;[/&lt;version&gt;]</c>, or a bare name) into name and version, refusing another vault's.</summary>
    public (string Name, string? Version) Parse(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        string trimmed = reference.Trim();
        if (!trimmed.Contains("://", StringComparison.Ordinal))
        {
            return (trimmed, null);
        }

        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out Uri? uri) || !string.Equals(uri.Authority, this.VaultUri.Authority, StringComparison.OrdinalIgnoreCase))
        {
            throw PaperclipException.Unprocessable(SecretErrorCodes.ProviderInvalidRequest, "The Key Vault reference does not belong to this provider vault.");
        }

        string[] segments = uri.AbsolutePath.Trim('/').Split('/');
        return segments.Length is 2 or 3 && segments[0] == "secrets" && segments[1].Length > 0
            ? (segments[1], segments.Length == 3 && segments[2].Length > 0 ? segments[2] : null)
            : throw PaperclipException.Unprocessable(SecretErrorCodes.ProviderInvalidRequest, "A Key Vault reference is https://<vault>/secrets/<name>[/<version>] or a secret name.");
    }

    /// <summary>The versionless reference of a secret name.</summary>
    public string ReferenceOf(string name) => new Uri(this.VaultUri, "secrets/" + name).ToString();
}
