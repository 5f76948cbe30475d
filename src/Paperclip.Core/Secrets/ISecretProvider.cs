using Paperclip.Core.Domain.Secrets;

namespace Paperclip.Core.Secrets;

/// <summary>
/// One secret provider (local encryption, a cloud vault). Core speaks only this port; each provider is one adapter.
/// Implementations throw <see cref="SecretProviderException"/> (safe messages only) or
/// <see cref="Errors.PaperclipException"/>, and never put a value, a credential or raw provider text in an exception.
/// </summary>
public interface ISecretProvider
{
    /// <summary>What the provider is and can do in this deployment.</summary>
    SecretProviderDescriptor Descriptor { get; }

    /// <summary>The settings a vault of this provider may hold (identifiers only), checked and normalised on every write.</summary>
    VaultConfigSchema ConfigSchema { get; }

    /// <summary>Writes a new managed secret's first value.</summary>
    Task<ProviderWrite> CreateSecretAsync(SecretWriteContext context, SecretValue value, CancellationToken cancellationToken);

    /// <summary>Writes a new version of a managed secret (rotation); <paramref name="externalRef"/> is where it lives.</summary>
    Task<ProviderWrite> CreateVersionAsync(SecretWriteContext context, SecretValue value, string? externalRef, CancellationToken cancellationToken);

    /// <summary>Links an external reference without reading or writing its value (guardrails only).</summary>
    Task<ProviderWrite> LinkExternalAsync(SecretWriteContext context, string externalRef, string? providerVersionRef, CancellationToken cancellationToken);

    /// <summary>Reads one version's value.</summary>
    Task<SecretValue> ResolveAsync(SecretReadContext context, CancellationToken cancellationToken);

    /// <summary>Deletes a managed secret remotely (recoverably where the provider can), or archives one version (<paramref name="archiveOnly"/>); external references are never touched.</summary>
    Task DeleteOrArchiveAsync(SecretReadContext context, bool archiveOnly, CancellationToken cancellationToken);

    /// <summary>Checks the provider (with a vault, that vault).</summary>
    Task<ProviderHealth> CheckHealthAsync(SecretVault? vault, CancellationToken cancellationToken);

    /// <summary>The name an imported reference gets when the operator gives none (the remote secret's own name).</summary>
    string RemoteNameOf(string externalRef) => externalRef.Trim();

    /// <summary>Lists a vault's secrets for import — names and metadata only, never values.</summary>
    Task<RemoteSecretPage> ListRemoteAsync(SecretVault vault, string? query, string? nextToken, int pageSize, CancellationToken cancellationToken);
}
