using Azure.Core;
using Azure.Core.Pipeline;

namespace Paperclip.Secrets.AzureKeyVault;

/// <summary>
/// How the control plane reaches Key Vault (section <c>Paperclip:Secrets:AzureKeyVault</c>). In Azure the credential is
/// the app's managed identity through <c>DefaultAzureCredential</c>; a vault's <c>clientId</c> picks a user-assigned
/// identity. Tests set <see cref="Credential"/> and <see cref="Transport"/> to reach a local HTTPS fake.
/// </summary>
public sealed class KeyVaultSecretsOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Paperclip:Secrets:AzureKeyVault";

    /// <summary>The most one request may take.</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after a failed request (the SDK backs off between them).</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>A credential to use instead of <c>DefaultAzureCredential</c>.</summary>
    public TokenCredential? Credential { get; set; }

    /// <summary>An HTTP transport to use instead of the default.</summary>
    public HttpPipelineTransport? Transport { get; set; }

    /// <summary>Skip the check that the auth challenge's resource matches the vault host (only for a vault not on <c>*.vault.azure.net</c>, such as a test fake).</summary>
    public bool DisableChallengeResourceVerification { get; set; }
}
