namespace Paperclip.Core.Secrets;

/// <summary>The stable problem+json codes of the secrets API and of run-time resolution.</summary>
public static class SecretErrorCodes
{
    /// <summary>The provider id is not one this control plane knows.</summary>
    public const string UnsupportedProvider = "unsupported_secret_provider";

    /// <summary>The vault belongs to another provider than the secret.</summary>
    public const string VaultProviderMismatch = "vault_provider_mismatch";

    /// <summary>The vault's provider is listed but not runnable yet.</summary>
    public const string VaultComingSoon = "vault_coming_soon";

    /// <summary>The vault is disabled.</summary>
    public const string VaultDisabled = "vault_disabled";

    /// <summary>Only ready or warning vaults can be the default.</summary>
    public const string VaultNotDefaultable = "vault_not_defaultable";

    /// <summary>The vault configuration is invalid or holds a credential-shaped field.</summary>
    public const string VaultConfigInvalid = "vault_config_invalid";

    /// <summary>A live secret of the company already has this name.</summary>
    public const string NameTaken = "secret_name_taken";

    /// <summary>A live secret of the company already has this key.</summary>
    public const string KeyTaken = "secret_key_taken";

    /// <summary>The key normalizes to nothing.</summary>
    public const string KeyRequired = "secret_key_required";

    /// <summary>The request does not fit the secret's mode (managed value vs. external reference).</summary>
    public const string ModeMismatch = "secret_mode_mismatch";

    /// <summary>The change is not allowed through this route (use rotate or DELETE).</summary>
    public const string ChangeNotAllowed = "secret_change_not_allowed";

    /// <summary>Rotate needs an active secret.</summary>
    public const string NotRotatable = "secret_not_rotatable";

    /// <summary>The provider cannot do this (for example external references on the local provider).</summary>
    public const string ProviderUnsupportedOperation = "provider_unsupported_operation";

    /// <summary>The provider is not configured in this deployment.</summary>
    public const string ProviderNotConfigured = "provider_not_configured";

    /// <summary>A secret reference points at a secret that does not exist, is deleted, or belongs to another company.</summary>
    public const string SecretRefInvalid = "secret_ref_invalid";

    /// <summary>Resolution: the consumer has no binding for the secret at this path.</summary>
    public const string BindingMissing = "binding_missing";

    /// <summary>Resolution: the secret was deleted.</summary>
    public const string SecretDeleted = "secret_deleted";

    /// <summary>Resolution: the secret is not active.</summary>
    public const string SecretInactive = "secret_inactive";

    /// <summary>Resolution: the version does not exist.</summary>
    public const string VersionMissing = "version_missing";

    /// <summary>Resolution: the version is not active.</summary>
    public const string VersionInactive = "version_inactive";

    /// <summary>Managed-name drift: the stored reference left the derived deployment/company scope.</summary>
    public const string RefDrifted = "provider_ref_drifted";

    /// <summary>An external reference into the control plane's own managed namespace.</summary>
    public const string OwnNamespace = "provider_own_namespace";

    /// <summary>The provider denied the request (credentials or permissions).</summary>
    public const string ProviderAccessDenied = "provider_access_denied";

    /// <summary>The provider throttled the request.</summary>
    public const string ProviderThrottled = "provider_throttled";

    /// <summary>The provider could not find the secret.</summary>
    public const string ProviderNotFound = "provider_not_found";

    /// <summary>The provider reported a conflict (exists, or deleted but recoverable).</summary>
    public const string ProviderConflict = "provider_conflict";

    /// <summary>The provider rejected the request.</summary>
    public const string ProviderInvalidRequest = "provider_invalid_request";

    /// <summary>The provider did not answer in time or could not be reached.</summary>
    public const string ProviderUnavailable = "provider_unavailable";

    /// <summary>Any other provider failure.</summary>
    public const string ProviderError = "provider_error";
}
