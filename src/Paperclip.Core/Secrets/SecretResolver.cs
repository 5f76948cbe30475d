using Microsoft.Extensions.Logging;
using Paperclip.Core.Domain;
using Paperclip.Core.Domain.Secrets;
using Paperclip.Core.Errors;

namespace Paperclip.Core.Secrets;

/// <summary>
/// Resolves secrets for a consumer at run time. Only bound secrets resolve; every attempt writes one access event
/// (never the value), and every failure has a stable code. There is no context-free resolution (upstream's one
/// skipped the binding check and the audit). A run's entries resolve side by side, and their access events and
/// resolution times are written in one batch each.
/// </summary>
public sealed class SecretResolver(ISecretStore store, SecretProviderRegistry providers, TimeProvider time, ILogger<SecretResolver> logger)
{
    /// <summary>Resolves an agent's <c>secret_ref</c> env entries for one of its runs; the first failure (by variable name) is thrown.</summary>
    public async Task<IReadOnlyDictionary<string, SecretValue>> ResolveAgentEnvAsync(Agent agent, Guid runId, Guid issueId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        KeyValuePair<string, EnvBinding>[] refs = (agent.AdapterConfig.Env ?? new Dictionary<string, EnvBinding>())
            .Where(e => e.Value.IsSecretRef).OrderBy(e => e.Key, StringComparer.Ordinal).ToArray();
        if (refs.Length == 0)
        {
            return new Dictionary<string, SecretValue>();
        }

        string agentId = agent.Id.ToString("D");
        IReadOnlyList<Request> requests = refs.Select(entry => new Request(
            entry.Value.SecretId!.Value,
            entry.Value.Version,
            new SecretResolutionContext(SecretBindingTargets.Agent, agentId, "agent", agentId, SecretBindingService.EnvPrefix + entry.Key) { IssueId = issueId, RunId = runId })).ToList();
        IReadOnlyList<SecretValue> values = await this.ResolveAllAsync(agent.CompanyId, SecretBindingTargets.Agent, agentId, requests, cancellationToken).ConfigureAwait(false);
        return refs.Select((entry, i) => (entry.Key, values[i])).ToDictionary(e => e.Key, e => e.Item2, StringComparer.Ordinal);
    }

    /// <summary>Resolves one bound secret (a version, or latest when null).</summary>
    public async Task<SecretValue> ResolveAsync(Guid companyId, Guid secretId, int? version, SecretResolutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return (await this.ResolveAllAsync(companyId, context.ConsumerType, context.ConsumerId, [new Request(secretId, version, context)], cancellationToken).ConfigureAwait(false))[0];
    }

    async Task<IReadOnlyList<SecretValue>> ResolveAllAsync(Guid companyId, string consumerType, string consumerId, IReadOnlyList<Request> requests, CancellationToken cancellationToken)
    {
        // A few reads serve every entry: the consumer's bindings, and the secrets with their versions.
        Task<IReadOnlyList<SecretBinding>> bindingsRead = store.ListBindingsForTargetAsync(companyId, consumerType, consumerId, cancellationToken);
        Task<IReadOnlyDictionary<Guid, SecretWithVersions>> secretsRead = store.GetSecretsWithVersionsAsync(companyId, requests.Select(r => r.SecretId).ToList(), cancellationToken);
        await Task.WhenAll(bindingsRead, secretsRead).ConfigureAwait(false);
        IReadOnlyList<SecretBinding> bindings = await bindingsRead.ConfigureAwait(false);
        IReadOnlyDictionary<Guid, SecretWithVersions> secrets = await secretsRead.ConfigureAwait(false);
        Dictionary<Guid, SecretVault?> vaults = [];
        foreach (Guid vaultId in secrets.Values.SelectMany(s => s.Versions.Select(v => v.ProviderConfigId).Append(s.Secret.ProviderConfigId)).OfType<Guid>().Distinct())
        {
            vaults[vaultId] = (await store.GetVaultAsync(companyId, vaultId, cancellationToken).ConfigureAwait(false))?.Value;
        }

        Outcome[] outcomes = await Task.WhenAll(requests.Select(r => this.ResolveOneAsync(r, secrets.GetValueOrDefault(r.SecretId), bindings, vaults, cancellationToken))).ConfigureAwait(false);

        DateTimeOffset now = time.GetUtcNow();
        List<SecretAccessEvent> events = outcomes.Where(o => o.Secret is not null).Select(o => new SecretAccessEvent(
            Guid.CreateVersion7(), companyId, o.Secret!.Id, o.Version, o.Secret.Provider, o.Request.Context.ActorType, o.Request.Context.ActorId,
            o.Request.Context.ConsumerType, o.Request.Context.ConsumerId, o.Request.Context.ConfigPath, o.Error is null ? "success" : "failure", now)
        {
            IssueId = o.Request.Context.IssueId,
            HeartbeatRunId = o.Request.Context.RunId,
            ErrorCode = o.Error?.Code,
        }).ToList();
        Guid[] resolved = outcomes.Where(o => o.Error is null).Select(o => o.Secret!.Id).Distinct().ToArray();
        await Task.WhenAll(
            this.BestEffortAsync(() => store.AppendAccessEventsAsync(companyId, events, cancellationToken)),
            this.BestEffortAsync(() => store.TouchResolvedAsync(companyId, resolved, now, cancellationToken))).ConfigureAwait(false);

        return outcomes.FirstOrDefault(o => o.Error is not null) is { } failed ? throw failed.Error! : outcomes.Select(o => o.Value!).ToList();
    }

    async Task<Outcome> ResolveOneAsync(Request request, SecretWithVersions? found, IReadOnlyList<SecretBinding> bindings, Dictionary<Guid, SecretVault?> vaults, CancellationToken cancellationToken)
    {
        if (found is null)
        {
            return new Outcome(request, null, null, null, Failure(404, ErrorCodes.NotFound, "Secret not found"));
        }

        CompanySecret secret = found.Secret;
        int version = request.Version ?? secret.LatestVersion;
        try
        {
            SecretValue value = await ResolveCheckedAsync(secret, version, found.Versions, request.Context, bindings, vaults, providers.Has(secret.Provider) ? providers.Get(secret.Provider) : null, cancellationToken).ConfigureAwait(false);
            return new Outcome(request, secret, version, value, null);
        }
        catch (PaperclipException ex)
        {
            return new Outcome(request, secret, version, null, ex);
        }
    }

    static async Task<SecretValue> ResolveCheckedAsync(CompanySecret secret, int version, IReadOnlyList<SecretVersion> versions, SecretResolutionContext context, IReadOnlyList<SecretBinding> bindings, Dictionary<Guid, SecretVault?> vaults, ISecretProvider? provider, CancellationToken cancellationToken)
    {
        if (secret.Status == SecretStatus.Deleted)
        {
            throw Failure(404, SecretErrorCodes.SecretDeleted, "Secret not found");
        }

        if (secret.Status != SecretStatus.Active)
        {
            throw Failure(422, SecretErrorCodes.SecretInactive, "Secret is not active");
        }

        if (!bindings.Any(b => b.SecretId == secret.Id && b.ConfigPath == context.ConfigPath))
        {
            throw Failure(422, SecretErrorCodes.BindingMissing, $"Secret is not bound to {context.ConsumerType}:{context.ConsumerId} at {context.ConfigPath}");
        }

        SecretVersion stored = versions.FirstOrDefault(v => v.Version == version) ?? throw Failure(404, SecretErrorCodes.VersionMissing, "Secret version not found");
        if (stored.Status is SecretVersionStatus.Disabled or SecretVersionStatus.Destroyed || stored.RevokedAt is not null)
        {
            throw Failure(422, SecretErrorCodes.VersionInactive, "Secret version is not active");
        }

        // A version resolves where it was written: a rotation may have moved the secret to another vault since.
        SecretVault? vault = null;
        if ((stored.ExternalRef is null ? secret.ProviderConfigId : stored.ProviderConfigId) is { } vaultId)
        {
            vault = vaults.GetValueOrDefault(vaultId) ?? throw Failure(404, ErrorCodes.NotFound, "Provider vault not found");
            VaultRules.EnsureSelectable(vault, secret.Provider);
        }

        return await (provider ?? throw Failure(422, SecretErrorCodes.UnsupportedProvider, $"Unsupported secret provider: {secret.Provider}")).ResolveAsync(
            new SecretReadContext(secret.CompanyId, secret.Id, secret.ProviderKey ?? secret.Key, version, secret.ManagedMode, stored.Material, stored.ExternalRef ?? secret.ExternalRef, stored.ProviderVersionRef, vault),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Bookkeeping writes never decide a resolution (as upstream); a failure is logged.</summary>
    async Task BestEffortAsync(Func<Task> write)
    {
        try
        {
            await write().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.SecretAccessNotRecorded(logger, ex.GetType().Name);
        }
    }

    static PaperclipException Failure(int status, string code, string detail) => new(status, code, status == 404 ? "Not found" : "Unprocessable request", detail);

    sealed record Request(Guid SecretId, int? Version, SecretResolutionContext Context);

    sealed record Outcome(Request Request, CompanySecret? Secret, int? Version, SecretValue? Value, PaperclipException? Error);
}
