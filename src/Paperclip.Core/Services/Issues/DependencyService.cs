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
/// finalizes. A dependent held back by a pending finalize is registered with the blocker's workspace entity, which
/// hands it over when that workspace's finalize succeeds (whichever issue's run it was: workspaces can be shared).
/// The heartbeat reconciles what a failed check missed. Each dependent gets one wake per blocker set (an idempotency
/// key), however often it is checked. Parents are woken the same way (reason <c>issue_children_completed</c>) once every
/// direct child is terminal and its workspace finalized: checked when a child becomes terminal, after its finalize, by
/// the waiters a finalize hands over, and by the heartbeat; one wake per set of children.
/// </summary>
public sealed class DependencyService(IIssueRepository issues, IWorkspaceOperationRepository operations, RunService runs, IDurableEngine engine, ILogger<DependencyService> logger)
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

    /// <summary>Readiness of several issues of a company at once (one read of the company's issues).</summary>
    public async Task<IReadOnlyDictionary<Guid, DependencyReadiness>> GetReadinessAsync(Guid companyId, IReadOnlyCollection<Issue> of, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(of);
        if (of.Count == 0 || of.All(i => i.BlockedByIssueIds.Count == 0))
        {
            return of.ToDictionary(i => i.Id, i => DependencyReadiness.Compute(i.Id, [], _ => false));
        }

        Dictionary<Guid, Issue> byId = (await issues.ListAsync(companyId, null, null, cancellationToken).ConfigureAwait(false)).ToDictionary(i => i.Id);
        Dictionary<Guid, DependencyReadiness> result = [];
        foreach (Issue issue in of)
        {
            result[issue.Id] = await this.ReadinessAsync(companyId, issue, byId, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>Wakes every dependent of <paramref name="blockerIssueId"/> that is now wakeable; returns the wakes made.</summary>
    public async Task<IReadOnlyList<WakeupAccepted>> WakeResolvedDependentsAsync(Guid companyId, Guid blockerIssueId, CancellationToken cancellationToken)
    {
        IReadOnlyList<Issue> all = await issues.ListAsync(companyId, null, null, cancellationToken).ConfigureAwait(false);
        Dictionary<Guid, Issue> byId = all.ToDictionary(i => i.Id);
        if (!byId.TryGetValue(blockerIssueId, out Issue? changed))
        {
            return [];
        }

        List<WakeupAccepted> woken = [.. await this.WakeReadyAsync(companyId, all.Where(i => i.BlockedByIssueIds.Contains(blockerIssueId)), byId, registerWaiters: true, cancellationToken).ConfigureAwait(false)];
        if (changed.ParentId is { } parentId && byId.TryGetValue(parentId, out Issue? parent))
        {
            woken.AddRange(await this.WakeParentsAsync(companyId, [parent], all, registerWaiters: true, cancellationToken).ConfigureAwait(false));
        }

        return woken;
    }

    /// <summary>Wakes those of <paramref name="issueIds"/> that are now wakeable (the waiters a finalize released).</summary>
    public async Task<IReadOnlyList<WakeupAccepted>> WakeIfReadyAsync(Guid companyId, IReadOnlyCollection<Guid> issueIds, CancellationToken cancellationToken)
    {
        IReadOnlyList<Issue> all = await issues.ListAsync(companyId, null, null, cancellationToken).ConfigureAwait(false);
        Issue[] waiting = all.Where(i => issueIds.Contains(i.Id)).ToArray();
        List<WakeupAccepted> woken = [.. await this.WakeReadyAsync(companyId, waiting.Where(i => i.BlockedByIssueIds.Count > 0), all.ToDictionary(i => i.Id), registerWaiters: true, cancellationToken).ConfigureAwait(false)];
        woken.AddRange(await this.WakeParentsAsync(companyId, waiting, all, registerWaiters: true, cancellationToken).ConfigureAwait(false));
        return woken;
    }

    /// <summary>
    /// The heartbeat's reconciliation: wakes every issue of the company whose blockers are all resolved and that has not
    /// had its wake for that blocker set (a wake that failed transiently, a waiter registered too late). Keyed, so a
    /// dependent already woken is not woken again.
    /// </summary>
    public async Task<int> ReconcileAsync(Guid companyId, CancellationToken cancellationToken)
    {
        IReadOnlyList<Issue> all = await issues.ListAsync(companyId, null, null, cancellationToken).ConfigureAwait(false);
        Dictionary<Guid, Issue> byId = all.ToDictionary(i => i.Id);
        IEnumerable<Issue> candidates = all.Where(i => i.BlockedByIssueIds.Count > 0 && i.AssigneeAgentId is not null && i.Status is IssueStatus.Todo or IssueStatus.InProgress);
        int woken = (await this.WakeReadyAsync(companyId, candidates, byId, registerWaiters: false, cancellationToken).ConfigureAwait(false)).Count;
        HashSet<Guid> parents = all.Where(i => i.ParentId is not null).Select(i => i.ParentId!.Value).ToHashSet();
        return woken + (await this.WakeParentsAsync(companyId, all.Where(i => parents.Contains(i.Id)), all, registerWaiters: false, cancellationToken).ConfigureAwait(false)).Count;
    }

    /// <summary>
    /// Wakes the assignee of each of <paramref name="parents"/> whose direct children are all terminal with their
    /// workspaces finalized (upstream's <c>issue_children_completed</c>), once per set of children. A parent held back
    /// only by a child's pending finalize is registered with that workspace, whose finalize hands it back here.
    /// </summary>
    async Task<IReadOnlyList<WakeupAccepted>> WakeParentsAsync(Guid companyId, IEnumerable<Issue> parents, IReadOnlyList<Issue> all, bool registerWaiters, CancellationToken cancellationToken)
    {
        List<WakeupAccepted> woken = [];
        foreach (Issue parent in parents)
        {
            Issue[] children = all.Where(c => c.ParentId == parent.Id).ToArray();
            if (children.Length == 0 || !children.All(c => c.IsTerminal) || parent.AssigneeAgentId is not { } assignee
                || parent.Status is IssueStatus.Backlog or IssueStatus.Done or IssueStatus.Cancelled)
            {
                continue;
            }

            IReadOnlySet<Guid> pending = FinalizeBarrier.UnfinalizedWorkspaces(
                await operations.ListForWorkspacesAsync(companyId, children.Select(c => c.ExecutionWorkspaceId).Distinct().ToArray(), cancellationToken).ConfigureAwait(false));
            if (pending.Count > 0)
            {
                foreach (Guid workspaceId in pending.Where(_ => registerWaiters))
                {
                    await engine.AddFinalizeWaiterAsync(companyId, workspaceId, parent.Id, cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            string key = $"{WakeSources.IssueChildrenCompleted}:{parent.Id}:{string.Join(',', children.Select(c => c.Id).Order())}";
            await this.WakeKeyedAsync(companyId, assignee, new WakeupCommand(parent.Id, WakeSources.IssueChildrenCompleted, key) { Source = WakeSources.Automation }, woken, cancellationToken).ConfigureAwait(false);
        }

        return woken;
    }

    async Task<IReadOnlyList<WakeupAccepted>> WakeReadyAsync(Guid companyId, IEnumerable<Issue> dependents, Dictionary<Guid, Issue> byId, bool registerWaiters, CancellationToken cancellationToken)
    {
        List<WakeupAccepted> woken = [];
        foreach (Issue dependent in dependents)
        {
            DependencyReadiness readiness = await this.ReadinessAsync(companyId, dependent, byId, cancellationToken).ConfigureAwait(false);
            if (!DependencyReadiness.IsWakeable(dependent, readiness))
            {
                if (registerWaiters)
                {
                    await this.RegisterWaiterAsync(companyId, dependent, readiness, byId, cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            string key = $"{WakeSources.IssueBlockersResolved}:{dependent.Id}:{string.Join(',', readiness.BlockerIssueIds.Order())}";
            await this.WakeKeyedAsync(companyId, dependent.AssigneeAgentId!.Value, new WakeupCommand(dependent.Id, WakeSources.IssueBlockersResolved, key), woken, cancellationToken).ConfigureAwait(false);
        }

        return woken;
    }

    /// <summary>One keyed wake of a dependent or a parent, added to <paramref name="woken"/> when it was accepted.</summary>
    async Task WakeKeyedAsync(Guid companyId, Guid agentId, WakeupCommand command, List<WakeupAccepted> woken, CancellationToken cancellationToken)
    {
        (WakeupAccepted? accepted, string? declined) = await runs.TryWakeupAsync(companyId, agentId, command, cancellationToken).ConfigureAwait(false);
        if (accepted is not null)
        {
            woken.Add(accepted);
        }
        else
        {
            // The assignee is gone or not invokable: nothing to wake now; readiness still shows the issue as ready.
            Log.DependentNotWoken(logger, command.IssueId!.Value, declined!);
        }
    }

    /// <summary>Registers the dependent with the workspace of each blocker that is done but not finalized.</summary>
    async Task RegisterWaiterAsync(Guid companyId, Issue dependent, DependencyReadiness readiness, Dictionary<Guid, Issue> byId, CancellationToken cancellationToken)
    {
        foreach (Guid workspaceId in readiness.PendingFinalizeBlockerIssueIds.Select(id => byId[id].ExecutionWorkspaceId).Distinct())
        {
            await engine.AddFinalizeWaiterAsync(companyId, workspaceId, dependent.Id, cancellationToken).ConfigureAwait(false);
        }
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
            Log.DependentWakeFailed(logger, ex, blockerIssueId);
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
}
