using Paperclip.Core.Domain;
using Paperclip.Core.Domain.Secrets;
using Paperclip.Core.Errors;
using Microsoft.Extensions.Logging;

namespace Paperclip.Core.Secrets;

/// <summary>
/// Resolves secrets for a consumer at run time. Only bound secrets resolve; every attempt writes one access event
/// (never the value), and every failure has a stable code. There is no context-free resolution (upstream's one
/// skipped the binding check and the audit).
/// </summary>
public sealed partial class SecretResolver(ISecretStore store, SecretProviderRegistry providers, TimeProvider time, ILogger<SecretResolver> logger)
{
    /// <summary>Resolves an agent's <c>secret_ref</c> env entries for one of its runs.</summary>
    public async Task<IReadOnlyDictionary<string, SecretValue>> ResolveAgentEnvAsync(Agent agent, Guid runId, Guid issueId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        KeyValuePair<string, EnvBinding>[] refs = (agent.AdapterConfig.Env ?? new Dictionary<string, EnvBinding>()).Where(e => e.Value.IsSecretRef).ToArray();
        if (refs.Length == 0)
        {
            return new Dictionary<string, SecretValue>();
        }

        string agentId = agent.Id.ToString("D");
        SecretValue[] values = await Task.WhenAll(refs.Select(entry => this.ResolveAsync(
            agent.CompanyId,
            entry.Value.SecretId!.Value,
            entry.Value.Version,
            new SecretResolutionContext(SecretBindingTargets.Agent, agentId, "agent", agentId, SecretBindingService.EnvPrefix + entry.Key) { IssueId = issueId, RunId = runId },
            cancellationToken))).ConfigureAwait(false);
        return refs.Select((entry, i) => (entry.Key, values[i])).ToDictionary(e => e.Key, e => e.Item2, StringComparer.Ordinal);
    }

    /// <summary>Resolves one bound secret (a version, or latest when null).</summary>
    public async Task<SecretValue> ResolveAsync(Guid companyId, Guid secretId, int? version, SecretResolutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        CompanySecret? secret = (await store.GetSecretAsync(companyId, secretId, cancellationToken).ConfigureAwait(false))?.Value;
        if (secret is null)
        {
            throw Failure(404, ErrorCodes.NotFound, "Secret not found");
        }

        int resolvedVersion = version ?? secret.LatestVersion;
        try
        {
            SecretValue value = await this.ResolveCheckedAsync(secret, resolvedVersion, context, cancellationToken).ConfigureAwait(false);
            DateTimeOffset now = time.GetUtcNow();
            await Task.WhenAll(
                this.RecordAsync(secret, resolvedVersion, context, "success", null, cancellationToken),
                this.BestEffortAsync(() => store.TouchResolvedAsync(companyId, secretId, now, cancellationToken))).ConfigureAwait(false);
            return value;
        }
        catch (PaperclipException ex)
        {
            await this.RecordAsync(secret, resolvedVersion, context, "failure", ex.Code, cancellationToken).ConfigureAwait(false);
            throw;
        }
    }

    async Task<SecretValue> ResolveCheckedAsync(CompanySecret secret, int version, SecretResolutionContext context, CancellationToken cancellationToken)
    {
        if (secret.Status == SecretStatus.Deleted)
        {
            throw Failure(404, SecretErrorCodes.SecretDeleted, "Secret not found");
        }

        if (secret.Status != SecretStatus.Active)
        {
            throw Failure(422, SecretErrorCodes.SecretInactive, "Secret is not active");
        }

        bool bound = (await store.ListBindingsForTargetAsync(secret.CompanyId, context.ConsumerType, context.ConsumerId, cancellationToken).ConfigureAwait(false))
            .Any(b => b.SecretId == secret.Id && b.ConfigPath == context.ConfigPath);
        if (!bound)
        {
            throw Failure(422, SecretErrorCodes.BindingMissing, $"Secret is not bound to {context.ConsumerType}:{context.ConsumerId} at {context.ConfigPath}");
        }

        SecretVersion stored = await store.GetVersionAsync(secret.CompanyId, secret.Id, version, cancellationToken).ConfigureAwait(false)
            ?? throw Failure(404, SecretErrorCodes.VersionMissing, "Secret version not found");
        if (stored.Status is SecretVersionStatus.Disabled or SecretVersionStatus.Destroyed || stored.RevokedAt is not null)
        {
            throw Failure(422, SecretErrorCodes.VersionInactive, "Secret version is not active");
        }

        SecretVault? vault = null;
        if (secret.ProviderConfigId is { } vaultId)
        {
            vault = (await store.GetVaultAsync(secret.CompanyId, vaultId, cancellationToken).ConfigureAwait(false))?.Value
                ?? throw Failure(404, ErrorCodes.NotFound, "Provider vault not found");
            VaultRules.EnsureSelectable(vault, secret.Provider);
        }

        ISecretProvider provider = providers.Get(secret.Provider);
        return await provider.ResolveAsync(
            new SecretReadContext(secret.CompanyId, secret.Id, secret.ProviderKey ?? secret.Key, version, secret.ManagedMode, stored.Material, secret.ExternalRef, stored.ProviderVersionRef, vault),
            cancellationToken).ConfigureAwait(false);
    }

    Task RecordAsync(CompanySecret secret, int version, SecretResolutionContext context, string outcome, string? errorCode, CancellationToken cancellationToken) =>
        this.BestEffortAsync(() => store.AppendAccessEventAsync(
            new SecretAccessEvent(Guid.CreateVersion7(), secret.CompanyId, secret.Id, version, secret.Provider, context.ActorType, context.ActorId,
                context.ConsumerType, context.ConsumerId, context.ConfigPath, outcome, time.GetUtcNow())
            {
                IssueId = context.IssueId,
                HeartbeatRunId = context.RunId,
                ErrorCode = errorCode,
            },
            cancellationToken));

    /// <summary>Bookkeeping writes never decide a resolution (as upstream); a failure is logged.</summary>
    async Task BestEffortAsync(Func<Task> write)
    {
        try
        {
            await write().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogBookkeepingFailed(logger, ex.GetType().Name);
        }
    }

    static PaperclipException Failure(int status, string code, string detail) => new(status, code, status == 404 ? "Not found" : "Unprocessable request", detail);

    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning, Message = "Recording a secret access failed ({Error}); the resolution stands.")]
    static partial void LogBookkeepingFailed(ILogger logger, string error);
}
