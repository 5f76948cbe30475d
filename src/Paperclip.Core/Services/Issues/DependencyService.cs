using Microsoft.Extensions.Logging;
using Paperclip.Core.Auth;
using Paperclip.Core.Domain;
using Paperclip.Core.Errors;
using Paperclip.Core.Policies;
using Paperclip.Core.Ports;
using Paperclip.Core.Services.Runs;

namespace Paperclip.Core.Services.Issues;

/// <summary>
/// Dependency readiness and dependent wakes. A dependent is woken (reason <c>issue_blockers_resolved</c>) when its
/// last blocker is done <em>and</em> that blocker's workspace is finalized — checked when a blocker becomes done and
/// again right after each finalize, so an issue marked done mid-run releases its dependents the moment its run
/// finalizes. Each dependent gets one wake per blocker set (an idempotency key), however often it is checked.
/// </summary>
public sealed partial class DependencyService(IIssueRepository issues, IWorkspaceOperationRepository operations, RunService runs, ILogger<DependencyService> logger)
{
    /// <summary>The readiness of one issue (404 for an unknown issue or another company's).</summary>
    public async Task<DependencyReadiness> GetReadinessAsync(Caller caller, Guid companyId, Guid issueId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        caller.EnsureCompany(companyId);
        IReadOnlyList<Issue> all = await issues.ListAsync(companyId, null, null, cancellationToken).ConfigureAwait(false);
        Issue issue = all.FirstOrDefault(i => i.Id == issueId) ?? throw PaperclipException.NotFound("Issue");
        return await this.ReadinessAsync(companyId, issue, all.ToDictionary(i => i.Id), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Wakes every dependent of <paramref name="blockerIssueId"/> that is now wakeable; returns the wakes made.</summary>
    public async Task<IReadOnlyList<WakeupAccepted>> WakeResolvedDependentsAsync(Guid companyId, Guid blockerIssueId, CancellationToken cancellationToken)
    {
        IReadOnlyList<Issue> all = await issues.ListAsync(companyId, null, null, cancellationToken).ConfigureAwait(false);
        Dictionary<Guid, Issue> byId = all.ToDictionary(i => i.Id);
        if (!byId.ContainsKey(blockerIssueId))
        {
            return [];
        }

        List<WakeupAccepted> woken = [];
        foreach (Issue dependent in all.Where(i => i.BlockedByIssueIds.Contains(blockerIssueId)))
        {
            DependencyReadiness readiness = await this.ReadinessAsync(companyId, dependent, byId, cancellationToken).ConfigureAwait(false);
            if (!DependencyReadiness.IsWakeable(dependent, readiness))
            {
                continue;
            }

            string key = $"{WakeSources.IssueBlockersResolved}:{dependent.Id}:{string.Join(',', readiness.BlockerIssueIds.Order())}";
            (WakeupAccepted? accepted, string? declined) = await runs.TryWakeupAsync(
                companyId, dependent.AssigneeAgentId!.Value, new WakeupCommand(dependent.Id, WakeSources.IssueBlockersResolved, key), cancellationToken).ConfigureAwait(false);
            if (accepted is not null)
            {
                woken.Add(accepted);
            }
            else
            {
                // The assignee is gone or not invokable: nothing to wake now; readiness still shows the issue as ready.
                LogDependentNotWoken(logger, dependent.Id, declined!);
            }
        }

        return woken;
    }

    /// <summary>
    /// <see cref="WakeResolvedDependentsAsync"/> for callers whose own work is already done and recorded (a PATCH, a
    /// finalize): a failure is logged, not thrown; a dependent not woken now is woken by the next check.
    /// </summary>
    public async Task TryWakeResolvedDependentsAsync(Guid companyId, Guid blockerIssueId, CancellationToken cancellationToken)
    {
        try
        {
            await this.WakeResolvedDependentsAsync(companyId, blockerIssueId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogDependentWakeFailed(logger, ex, blockerIssueId);
        }
    }

    async Task<DependencyReadiness> ReadinessAsync(Guid companyId, Issue issue, Dictionary<Guid, Issue> byId, CancellationToken cancellationToken)
    {
        List<Issue> blockers = issue.BlockedByIssueIds.Select(id => byId.GetValueOrDefault(id)).OfType<Issue>().ToList();
        Guid[] doneWorkspaces = blockers.Where(b => b.Status == IssueStatus.Done).Select(b => b.ExecutionWorkspaceId).Distinct().ToArray();
        IReadOnlySet<Guid> pending = doneWorkspaces.Length == 0
            ? new HashSet<Guid>()
            : FinalizeBarrier.UnfinalizedWorkspaces(await operations.ListForWorkspacesAsync(companyId, doneWorkspaces, cancellationToken).ConfigureAwait(false));
        return DependencyReadiness.Compute(
            issue.Id,
            issue.BlockedByIssueIds.Select(id => byId.TryGetValue(id, out Issue? b) ? (id, b.Status, (Guid?)b.ExecutionWorkspaceId) : (id, IssueStatus.Todo, null)),
            pending.Contains);
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Dependent issue {IssueId} is ready but its assignee was not woken ({Code}).")]
    static partial void LogDependentNotWoken(ILogger logger, Guid issueId, string code);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Waking the dependents of issue {IssueId} failed; the next check retries.")]
    static partial void LogDependentWakeFailed(ILogger logger, Exception exception, Guid issueId);
}
