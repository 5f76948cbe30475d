using Paperclip.Core.Auth;
using Paperclip.Core.Domain;
using Paperclip.Core.Domain.Secrets;
using Paperclip.Core.Errors;

namespace Paperclip.Core.Secrets;

/// <summary>
/// Keeps bindings in step with the configs that reference secrets: saving an agent checks its <c>secret_ref</c>
/// entries and makes its <c>env.&lt;KEY&gt;</c> bindings exactly those (in the domain service, so no create path can
/// skip it — upstream's #8309).
/// </summary>
public sealed class SecretBindingService(ISecretStore store, TimeProvider time)
{
    /// <summary>The path prefix of adapter environment bindings.</summary>
    public const string EnvPrefix = "env.";

    /// <summary>
    /// Throws 422 secret_ref_invalid unless every reference names a live secret of the company, worded as upstream:
    /// a missing or deleted secret is "Secret not found", another company's "Secret must belong to same company" (told
    /// only to the board, which sees every company; anyone else hears "not found").
    /// </summary>
    public async Task ValidateEnvAsync(Caller caller, Guid companyId, IReadOnlyDictionary<string, EnvBinding>? env, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        foreach ((string name, EnvBinding binding) in env ?? new Dictionary<string, EnvBinding>())
        {
            if (binding.SecretId is not { } secretId)
            {
                continue;
            }

            Versioned<CompanySecret>? own = await store.GetSecretAsync(companyId, secretId, cancellationToken).ConfigureAwait(false);
            if (own is { Value.Status: not SecretStatus.Deleted })
            {
                continue;
            }

            // Ids are unique across companies: one deleted here is not another company's, so only a miss is looked for elsewhere.
            bool elsewhere = own is null && caller.IsBoard && await store.IsLiveSecretOfAnotherCompanyAsync(companyId, secretId, cancellationToken).ConfigureAwait(false);
            throw new PaperclipException(422, SecretErrorCodes.SecretRefInvalid, "Unprocessable request", elsewhere ? "Secret must belong to same company" : "Secret not found")
            {
                Extensions = new Dictionary<string, object?> { ["configPath"] = EnvPrefix + name, ["secretId"] = secretId },
            };
        }
    }

    /// <summary>Makes the target's <c>env.*</c> bindings exactly the references in <paramref name="env"/>.</summary>
    public Task SyncEnvAsync(Guid companyId, string targetType, string targetId, IReadOnlyDictionary<string, EnvBinding>? env, CancellationToken cancellationToken)
    {
        DateTimeOffset now = time.GetUtcNow();
        List<SecretBinding> bindings = (env ?? new Dictionary<string, EnvBinding>())
            .Where(e => e.Value.IsSecretRef)
            .Select(e => new SecretBinding(Guid.CreateVersion7(), companyId, e.Value.SecretId!.Value, targetType, targetId, EnvPrefix + e.Key,
                e.Value.Version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "latest", Required: true, now, now))
            .ToList();
        return store.ReplaceTargetBindingsAsync(companyId, targetType, targetId, EnvPrefix, bindings, cancellationToken);
    }

    /// <summary>Makes the target's binding at <paramref name="configPath"/> exactly <paramref name="secretId"/> (none when null).</summary>
    public Task SyncReferenceAsync(Guid companyId, string targetType, string targetId, string configPath, Guid? secretId, int? version, CancellationToken cancellationToken)
    {
        DateTimeOffset now = time.GetUtcNow();
        List<SecretBinding> bindings = secretId is { } id
            ? [new SecretBinding(Guid.CreateVersion7(), companyId, id, targetType, targetId, configPath,
                version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "latest", Required: true, now, now)]
            : [];
        return store.ReplaceTargetBindingsAsync(companyId, targetType, targetId, configPath, bindings, cancellationToken);
    }
}
