using Microsoft.Extensions.Logging;
using Paperclip.Core.Ports;
using Paperclip.Core.Runs;
using Paperclip.Core.Services.Issues;
using Paperclip.Core.Services.Runs;

namespace Paperclip.Runs.Lifecycle;

/// <summary>
/// Carries out what a finalize left owed (<see cref="FinalizeFollowUps"/>) and wakes the dependents the workspace's
/// entity handed over, while the run still holds the workspace. The run already ended, so a failed wake is logged
/// and left to the heartbeat (which promotes deferred wakes and reconciles dependents); only a lost run's retry,
/// which nothing else would queue, fails the orchestration when it cannot be queued.
/// </summary>
public sealed class RunFollowUps(IRunRepository runs, RunService runService, DependencyService dependencies, ILogger<RunFollowUps> logger)
{
    /// <summary>Carries out the follow-ups of one run's finalize. Each wake is keyed, so a repeat wakes nothing twice.</summary>
    public async Task CarryOutAsync(RunRequest request, FinalizeFollowUps followUps, IReadOnlyList<string> finalizeWaiterIssueIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(followUps);
        ArgumentNullException.ThrowIfNull(finalizeWaiterIssueIds);
        (Guid companyId, Guid issueId) = (request.CompanyId, request.IssueId);
        if (followUps.PromoteDeferred)
        {
            await this.TryAsync(issueId, FollowUpKind.PromoteDeferred, ct => runService.PromoteDeferredAsync(companyId, issueId, ct), cancellationToken).ConfigureAwait(false);
        }

        if (followUps.WakeDependents)
        {
            await this.TryAsync(issueId, FollowUpKind.WakeDependents, ct => dependencies.WakeResolvedDependentsAsync(companyId, issueId, ct), cancellationToken).ConfigureAwait(false);
        }

        Guid[] waiters = finalizeWaiterIssueIds.Select(id => Guid.TryParse(id, out Guid g) ? g : Guid.Empty).Where(g => g != Guid.Empty).ToArray();
        if (waiters.Length > 0)
        {
            await this.TryAsync(issueId, FollowUpKind.WakeFinalizeWaiters, ct => dependencies.WakeIfReadyAsync(companyId, waiters, ct), cancellationToken).ConfigureAwait(false);
        }

        if (followUps.RetryLostRun && (await runs.GetAsync(companyId, request.RunId, cancellationToken).ConfigureAwait(false))?.Value is { } lost)
        {
            // Last, and not swallowed: nothing else queues the retry, so a failure must show (the orchestration fails).
            await runService.RetryLostRunAsync(lost, cancellationToken).ConfigureAwait(false);
        }
    }

    async Task TryAsync(Guid issueId, FollowUpKind kind, Func<CancellationToken, Task> wake, CancellationToken cancellationToken)
    {
        try
        {
            await wake(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.FollowUpFailed(logger, kind, issueId, ex);
        }
    }
}

/// <summary>Which follow-up of a finalize (for the log).</summary>
internal enum FollowUpKind
{
    /// <summary>Promoting the issue's deferred wakes.</summary>
    PromoteDeferred,

    /// <summary>Waking the issue's resolved dependents.</summary>
    WakeDependents,

    /// <summary>Waking the dependents that waited for the workspace's finalize.</summary>
    WakeFinalizeWaiters,
}
