using Paperclip.Core.Auth;
using Paperclip.Core.Domain;
using Paperclip.Core.Domain.Environments;
using Paperclip.Core.Errors;
using Paperclip.Core.Ports;

namespace Paperclip.Core.Services.Environments;

/// <summary>
/// Environment leases (research §1.1, §1.3): one per run that executed in a saved environment, taken by prepare and
/// given back by finalize (<c>failed</c> when the run failed or timed out, else <c>released</c>, as upstream's
/// heartbeat). Reading them is the board's (upstream's config-read permission). The lease id is derived from the run,
/// so a prepare or a finalize delivered twice writes the same row.
/// </summary>
public sealed class EnvironmentLeaseService(IEnvironmentLeaseRepository leases, IEnvironmentRepository environments, TimeProvider time)
{
    /// <summary>The lease of a run in an environment.</summary>
    public static Guid LeaseIdFor(Guid runId, Guid environmentId) => DeterministicIds.From("environment-lease", runId.ToString(), environmentId.ToString());

    /// <summary>Records that <paramref name="runId"/> holds <paramref name="environment"/>.</summary>
    public async Task<EnvironmentLease> AcquireAsync(ExecutionEnvironment environment, Guid workspaceId, Guid issueId, Guid runId, string? providerLeaseId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        Guid id = LeaseIdFor(runId, environment.Id);
        if ((await leases.GetAsync(environment.CompanyId, id, cancellationToken).ConfigureAwait(false))?.Value is { } existing)
        {
            return existing;
        }

        DateTimeOffset now = time.GetUtcNow();
        EnvironmentLease lease = new(id, environment.CompanyId, environment.Id, workspaceId, issueId, runId, EnvironmentLeaseStatus.Active, now, now, now, now)
        {
            Provider = PaperclipJson.EnumValue(environment.Driver),
            ProviderLeaseId = providerLeaseId,
            CleanupStatus = EnvironmentLeaseCleanup.Pending,
        };
        await leases.SaveAsync(lease, cancellationToken).ConfigureAwait(false);
        return lease;
    }

    /// <summary>Gives a run's lease back; nothing when the run held none. Idempotent: a lease given back stays as it was.</summary>
    public async Task ReleaseAsync(Guid companyId, Guid environmentId, Guid runId, RunStatus status, string? failureReason, EnvironmentLeaseCleanup cleanup, CancellationToken cancellationToken)
    {
        if ((await leases.GetAsync(companyId, LeaseIdFor(runId, environmentId), cancellationToken).ConfigureAwait(false))?.Value is not { Status: EnvironmentLeaseStatus.Active } lease)
        {
            return;
        }

        DateTimeOffset now = time.GetUtcNow();
        bool failed = status is RunStatus.Failed or RunStatus.TimedOut;
        await leases.SaveAsync(lease with
        {
            Status = failed ? EnvironmentLeaseStatus.Failed : EnvironmentLeaseStatus.Released,
            FailureReason = failed ? failureReason : null,
            CleanupStatus = cleanup,
            ReleasedAt = now,
            LastUsedAt = now,
            UpdatedAt = now,
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True when a run still holds the environment.</summary>
    public async Task<Guid?> ActiveRunAsync(Guid companyId, Guid environmentId, CancellationToken cancellationToken) =>
        (await leases.ListForEnvironmentAsync(companyId, environmentId, cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(l => l.Status == EnvironmentLeaseStatus.Active)?.HeartbeatRunId;

    /// <summary><c>GET …/environments/{id}/leases?status=</c>: most recently used first (404 when the environment is gone).</summary>
    public async Task<IReadOnlyList<EnvironmentLease>> ListAsync(Caller caller, Guid companyId, Guid environmentId, EnvironmentLeaseStatus? status, CancellationToken cancellationToken)
    {
        EnsureReader(caller, companyId);
        _ = await environments.GetAsync(companyId, environmentId, cancellationToken).ConfigureAwait(false) ?? throw PaperclipException.NotFound("Environment");
        return [.. (await leases.ListForEnvironmentAsync(companyId, environmentId, cancellationToken).ConfigureAwait(false))
            .Where(l => status is null || l.Status == status)
            .OrderByDescending(l => l.LastUsedAt)
            .ThenByDescending(l => l.CreatedAt)];
    }

    /// <summary><c>GET …/environment-leases/{leaseId}</c>.</summary>
    public async Task<EnvironmentLease> GetAsync(Caller caller, Guid companyId, Guid leaseId, CancellationToken cancellationToken)
    {
        EnsureReader(caller, companyId);
        return (await leases.GetAsync(companyId, leaseId, cancellationToken).ConfigureAwait(false))?.Value ?? throw PaperclipException.NotFound("Environment lease");
    }

    static void EnsureReader(Caller caller, Guid companyId)
    {
        ArgumentNullException.ThrowIfNull(caller);
        caller.EnsureCompany(companyId);
        caller.EnsureBoard("read environment leases");
    }
}
