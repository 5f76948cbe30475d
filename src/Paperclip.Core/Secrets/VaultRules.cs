using Paperclip.Core.Domain.Secrets;
using Paperclip.Core.Errors;

namespace Paperclip.Core.Secrets;

/// <summary>Upstream's selectability check: whether secrets may be created, rotated, resolved or imported through a vault.</summary>
public static class VaultRules
{
    /// <summary>Throws unless <paramref name="vault"/> may serve a secret of <paramref name="provider"/>.</summary>
    public static void EnsureSelectable(SecretVault vault, string provider)
    {
        ArgumentNullException.ThrowIfNull(vault);
        if (vault.Provider != provider)
        {
            throw PaperclipException.Unprocessable(SecretErrorCodes.VaultProviderMismatch, "Provider vault must match the secret provider");
        }

        if (vault.Status == VaultStatus.ComingSoon)
        {
            throw PaperclipException.Unprocessable(SecretErrorCodes.VaultComingSoon, "Provider vault is locked while coming soon");
        }

        if (vault.Status == VaultStatus.Disabled)
        {
            throw PaperclipException.Unprocessable(SecretErrorCodes.VaultDisabled, "Provider vault is disabled");
        }
    }

    const string NotDefaultable = "Only ready or warning provider vaults can be default";

    /// <summary>Throws 422 unless a vault with <paramref name="status"/> may be the default (the vault as stored now).</summary>
    public static void EnsureDefaultable(VaultStatus status)
    {
        if (!CanBeDefault(status))
        {
            throw PaperclipException.Unprocessable(SecretErrorCodes.VaultNotDefaultable, NotDefaultable);
        }
    }

    /// <summary>
    /// Throws 400 when a create or change asks for a status the provider cannot have (a coming-soon provider's vault
    /// is coming_soon or disabled), or for a default that status cannot be — upstream's request-validation answers.
    /// </summary>
    public static void EnsureRequestable(SecretProviderDescriptor provider, VaultStatus status, bool? isDefault)
    {
        ArgumentNullException.ThrowIfNull(provider);
        if (provider.ComingSoon && status is not (VaultStatus.ComingSoon or VaultStatus.Disabled))
        {
            throw PaperclipException.BadRequest(SecretErrorCodes.VaultComingSoon, $"{provider.Id} provider vaults are locked while coming soon");
        }

        if (isDefault == true && !CanBeDefault(status))
        {
            throw PaperclipException.BadRequest(SecretErrorCodes.VaultNotDefaultable, NotDefaultable);
        }
    }

    static bool CanBeDefault(VaultStatus status) => status is not (VaultStatus.ComingSoon or VaultStatus.Disabled);
}
