namespace Paperclip.Core.Domain.Secrets;

/// <summary>The secret provider ids (upstream's, with Azure Key Vault in the slot of its coming-soon stubs).</summary>
public static class SecretProviderIds
{
    /// <summary>AES-256-GCM under the control plane's master key.</summary>
    public const string LocalEncrypted = "local_encrypted";

    /// <summary>AWS Secrets Manager.</summary>
    public const string AwsSecretsManager = "aws_secrets_manager";

    /// <summary>Azure Key Vault.</summary>
    public const string AzureKeyVault = "azure_key_vault";

    /// <summary>Google Secret Manager: listed, coming soon.</summary>
    public const string GcpSecretManager = "gcp_secret_manager";

    /// <summary>HashiCorp Vault: listed, coming soon.</summary>
    public const string HashiCorpVault = "vault";

    /// <summary>Every provider id, in display order.</summary>
    public static IReadOnlyList<string> All { get; } = [LocalEncrypted, AwsSecretsManager, AzureKeyVault, GcpSecretManager, HashiCorpVault];

    /// <summary>Providers listed but not runnable yet.</summary>
    public static bool IsComingSoon(string provider) => provider is GcpSecretManager or HashiCorpVault;
}
