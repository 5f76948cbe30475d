using System.Text.Json;
using Paperclip.Core.Domain.Secrets;
using Paperclip.Core.Errors;

namespace Paperclip.Core.Secrets;

/// <summary>A provider listed as coming soon (upstream's stubs): vault metadata may be saved; nothing runs.</summary>
public sealed class ComingSoonSecretProvider(string id, string label) : ISecretProvider
{
    /// <inheritdoc/>
    public SecretProviderDescriptor Descriptor { get; } = new(id, label, RequiresExternalRef: true, SupportsManagedValues: false, SupportsExternalReferences: true, Configured: false) { ComingSoon = true };

    /// <inheritdoc/>
    public JsonElement ValidateConfig(JsonElement config, Action<string, string> fail) => config;

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
}
