using System.Text.RegularExpressions;
using Paperclip.Core.Domain.Secrets;
using Paperclip.Core.Errors;

namespace Paperclip.Core.Secrets;

/// <summary>
/// A provider listed as coming soon (upstream's stubs): vault metadata may be saved — checked by upstream's schema for
/// that provider, so a draft can never persist a credential — and nothing runs.
/// </summary>
public sealed partial class ComingSoonSecretProvider(string id, string label, VaultConfigSchema schema) : ISecretProvider
{
    /// <summary>The message for a HashiCorp Vault address that is not an origin (upstream's).</summary>
    public const string VaultAddressMessage = "Vault address must be an origin-only HTTP(S) URL without credentials, path, query, or fragment";

    /// <summary>Google Secret Manager, with upstream's draft settings.</summary>
    public static ComingSoonSecretProvider GcpSecretManager() => new(SecretProviderIds.GcpSecretManager, "Google Secret Manager", new(SecretProviderIds.GcpSecretManager,
        VaultSetting.Matching("projectId", GcpProjectId(), "Invalid GCP project id"), VaultSetting.Text("location"), VaultSetting.Text("namespace"), VaultSetting.Text("secretNamePrefix")));

    /// <summary>HashiCorp Vault, with upstream's draft settings: the address is an origin (http or https) and nothing more.</summary>
    public static ComingSoonSecretProvider HashiCorpVault() => new(SecretProviderIds.HashiCorpVault, "HashiCorp Vault", new(SecretProviderIds.HashiCorpVault,
        VaultSetting.Origin("address", httpsOnly: false, VaultAddressMessage), VaultSetting.Text("namespace"), VaultSetting.Text("mountPath"), VaultSetting.Text("secretPathPrefix")));

    /// <inheritdoc/>
    public SecretProviderDescriptor Descriptor { get; } = new(id, label, RequiresExternalRef: true, SupportsManagedValues: false, SupportsExternalReferences: true, Configured: false) { ComingSoon = true };

    /// <inheritdoc/>
    public VaultConfigSchema ConfigSchema => schema;

    /// <inheritdoc/>
    public Task<ProviderWrite> CreateSecretAsync(SecretWriteContext context, SecretValue value, CancellationToken cancellationToken) => throw this.Locked();

    /// <inheritdoc/>
    public Task<ProviderWrite> CreateVersionAsync(SecretWriteContext context, SecretValue value, string? externalRef, CancellationToken cancellationToken) => throw this.Locked();

    /// <inheritdoc/>
    public Task<ProviderWrite> LinkExternalAsync(SecretWriteContext context, string externalRef, string? providerVersionRef, CancellationToken cancellationToken) => throw this.Locked();

    /// <inheritdoc/>
    public Task<SecretValue> ResolveAsync(SecretReadContext context, CancellationToken cancellationToken) => throw this.Locked();

    /// <inheritdoc/>
    public Task DeleteOrArchiveAsync(SecretReadContext context, bool archiveOnly, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task<ProviderHealth> CheckHealthAsync(SecretVault? vault, CancellationToken cancellationToken) =>
        Task.FromResult(new ProviderHealth(id, ProviderHealth.Warn, $"{label} is coming soon."));

    /// <inheritdoc/>
    public Task<RemoteSecretPage> ListRemoteAsync(SecretVault vault, string? query, string? nextToken, int pageSize, CancellationToken cancellationToken) => throw this.Locked();

    PaperclipException Locked() => PaperclipException.Unprocessable(SecretErrorCodes.ProviderNotConfigured, $"{id} provider is not configured for Paperclip-managed values.");

    [GeneratedRegex("^[a-z][a-z0-9-]{4,127}$")]
    private static partial Regex GcpProjectId();
}
