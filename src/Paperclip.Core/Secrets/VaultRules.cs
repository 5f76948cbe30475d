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

    /// <summary>Throws unless a vault with <paramref name="status"/> may be the default.</summary>
    public static void EnsureDefaultable(VaultStatus status)
    {
        if (status is VaultStatus.ComingSoon or VaultStatus.Disabled)
        {
            throw PaperclipException.Unprocessable(SecretErrorCodes.VaultNotDefaultable, "Only ready or warning provider vaults can be default");
        }
    }
}
