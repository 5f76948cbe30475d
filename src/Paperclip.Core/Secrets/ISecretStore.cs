using Paperclip.Core.Domain;
using Paperclip.Core.Domain.Secrets;

namespace Paperclip.Core.Secrets;

/// <summary>
/// Company secrets, versions, vaults, bindings and access events, all in the company's partition. Each write
/// method is atomic, and the store itself enforces what must hold under concurrency: live names and keys unique,
/// one default vault per provider, one binding per target path. A lost race is a
/// <see cref="Errors.PaperclipException"/> with code <c>concurrency_conflict</c> (or <see cref="SecretErrorCodes.NameTaken"/>
/// / <see cref="SecretErrorCodes.KeyTaken"/>).
/// </summary>
public interface ISecretStore
{
    /// <summary>A vault of the company, or null.</summary>
    Task<Versioned<SecretVault>?> GetVaultAsync(Guid companyId, Guid vaultId, CancellationToken cancellationToken);

    /// <summary>The company's vaults.</summary>
    Task<IReadOnlyList<SecretVault>> ListVaultsAsync(Guid companyId, CancellationToken cancellationToken);

    /// <summary>Inserts a vault; when it is the default, the provider's previous default is demoted in the same write.</summary>
    Task CreateVaultAsync(SecretVault vault, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces a vault if <paramref name="etag"/> still matches. Becoming the default demotes the previous default in
    /// the same write; ceasing to be the default releases the claim.
    /// </summary>
    Task ReplaceVaultAsync(SecretVault vault, string etag, CancellationToken cancellationToken);

    /// <summary>A secret of the company (deleted ones too), or null.</summary>
    Task<Versioned<CompanySecret>?> GetSecretAsync(Guid companyId, Guid secretId, CancellationToken cancellationToken);

    /// <summary>
    /// True when <paramref name="secretId"/> is a live (not deleted) secret of a company other than
    /// <paramref name="companyId"/>. The one read that looks past a company, and it answers only yes or no: it words a
    /// refusal to the board (which sees every company) and is asked only after the company's own lookup failed.
    /// </summary>
    Task<bool> IsLiveSecretOfAnotherCompanyAsync(Guid companyId, Guid secretId, CancellationToken cancellationToken);

    /// <summary>Several secrets (deleted ones too) with all their versions, in a few reads: what a run's resolution needs.</summary>
    Task<IReadOnlyDictionary<Guid, SecretWithVersions>> GetSecretsWithVersionsAsync(Guid companyId, IReadOnlyCollection<Guid> secretIds, CancellationToken cancellationToken);

    /// <summary>All the company's secrets, deleted ones too.</summary>
    Task<IReadOnlyList<CompanySecret>> ListSecretsAsync(Guid companyId, CancellationToken cancellationToken);

    /// <summary>Inserts a new secret and claims its name and key.</summary>
    Task InsertSecretAsync(CompanySecret secret, CancellationToken cancellationToken);

    /// <summary>Inserts a new, already active secret with its first version, claiming its name and key, in one write.</summary>
    Task InsertSecretWithVersionAsync(CompanySecret secret, SecretVersion version, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces a secret if <paramref name="etag"/> still matches, moving its name and key claims when they change
    /// (a deleted secret holds none).
    /// </summary>
    Task<string> ReplaceSecretAsync(CompanySecret secret, CompanySecret previous, string etag, CancellationToken cancellationToken);

    /// <summary>
    /// Records when secrets were last resolved, in one write and without touching the secret rows (so a resolution never
    /// makes a concurrent change of the secret fail); reads show it as <see cref="CompanySecret.LastResolvedAt"/>.
    /// </summary>
    Task TouchResolvedAsync(Guid companyId, IReadOnlyCollection<Guid> secretIds, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Hard-deletes a secret with its claims, versions and bindings (access events are kept as the audit trail).</summary>
    Task DeleteSecretAsync(CompanySecret secret, CancellationToken cancellationToken);

    /// <summary>Inserts a version.</summary>
    Task InsertVersionAsync(SecretVersion version, CancellationToken cancellationToken);

    /// <summary>One version, or null.</summary>
    Task<SecretVersion?> GetVersionAsync(Guid companyId, Guid secretId, int version, CancellationToken cancellationToken);

    /// <summary>A secret's versions, oldest first.</summary>
    Task<IReadOnlyList<SecretVersion>> ListVersionsAsync(Guid companyId, Guid secretId, CancellationToken cancellationToken);

    /// <summary>Deletes one version.</summary>
    Task DeleteVersionAsync(Guid companyId, Guid secretId, int version, CancellationToken cancellationToken);

    /// <summary>
    /// In one write: the secret (if <paramref name="etag"/> still matches) and the given versions (the activated one
    /// and the ones it demotes). Returns the secret's new ETag.
    /// </summary>
    Task<string> ActivateAsync(CompanySecret secret, CompanySecret previous, string etag, IReadOnlyList<SecretVersion> versions, CancellationToken cancellationToken);

    /// <summary>A target's bindings.</summary>
    Task<IReadOnlyList<SecretBinding>> ListBindingsForTargetAsync(Guid companyId, string targetType, string targetId, CancellationToken cancellationToken);

    /// <summary>A secret's bindings.</summary>
    Task<IReadOnlyList<SecretBinding>> ListBindingsForSecretAsync(Guid companyId, Guid secretId, CancellationToken cancellationToken);

    /// <summary>All the company's bindings (for reference counts).</summary>
    Task<IReadOnlyList<SecretBinding>> ListBindingsAsync(Guid companyId, CancellationToken cancellationToken);

    /// <summary>
    /// Makes <paramref name="bindings"/> the target's bindings under <paramref name="pathPrefix"/> (e.g. <c>env.</c>):
    /// others under the prefix are removed, paths outside it are kept.
    /// </summary>
    Task ReplaceTargetBindingsAsync(Guid companyId, string targetType, string targetId, string pathPrefix, IReadOnlyList<SecretBinding> bindings, CancellationToken cancellationToken);

    /// <summary>Appends a company's access events in one write.</summary>
    Task AppendAccessEventsAsync(Guid companyId, IReadOnlyList<SecretAccessEvent> accessEvents, CancellationToken cancellationToken);

    /// <summary>A secret's access events, newest first.</summary>
    Task<IReadOnlyList<SecretAccessEvent>> ListAccessEventsAsync(Guid companyId, Guid secretId, int max, CancellationToken cancellationToken);
}
