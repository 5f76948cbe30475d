using Paperclip.Core.Domain;

namespace Paperclip.Core.Policies;

/// <summary>
/// Whether an issue's blockers let it run (upstream's <c>getDependencyReadiness</c>): only a <c>done</c> blocker
/// resolves (a cancelled one does not), and a done blocker whose workspace is still pending finalize is unresolved too.
/// </summary>
public sealed record DependencyReadiness(
    Guid IssueId,
    IReadOnlyList<Guid> BlockerIssueIds,
    IReadOnlyList<Guid> UnresolvedBlockerIssueIds,
    IReadOnlyList<Guid> PendingFinalizeBlockerIssueIds)
{
    /// <summary>How many blockers are unresolved.</summary>
    public int UnresolvedBlockerCount => this.UnresolvedBlockerIssueIds.Count;

    /// <summary>Every blocker is done and finalized.</summary>
    public bool AllBlockersDone => this.UnresolvedBlockerIssueIds.Count == 0;

    /// <summary>The issue may run as far as its dependencies go.</summary>
    public bool IsDependencyReady => this.AllBlockersDone;

    /// <summary>
    /// Computes readiness. <paramref name="blockers"/> are the blocker issues (status and execution workspace);
    /// <paramref name="isPendingFinalize"/> answers for a workspace id.
    /// </summary>
    public static DependencyReadiness Compute(Guid issueId, IEnumerable<(Guid Id, IssueStatus Status, Guid? ExecutionWorkspaceId)> blockers, Func<Guid, bool> isPendingFinalize)
    {
        ArgumentNullException.ThrowIfNull(blockers);
        ArgumentNullException.ThrowIfNull(isPendingFinalize);
        List<Guid> all = [];
        List<Guid> unresolved = [];
        List<Guid> pending = [];
        foreach ((Guid id, IssueStatus status, Guid? workspace) in blockers)
        {
            all.Add(id);
            if (status != IssueStatus.Done)
            {
                unresolved.Add(id);
            }
            else if (workspace is { } w && isPendingFinalize(w))
            {
                unresolved.Add(id);
                pending.Add(id);
            }
        }

        return new DependencyReadiness(issueId, all, unresolved, pending);
    }

    /// <summary>
    /// Whether a blocked dependent should be woken when a blocker resolves (upstream's
    /// <c>listWakeableBlockedDependents</c> filter): assigned to an agent, not backlog/done/cancelled, at least one
    /// blocker, and ready.
    /// </summary>
    public static bool IsWakeable(Issue dependent, DependencyReadiness readiness)
    {
        ArgumentNullException.ThrowIfNull(dependent);
        ArgumentNullException.ThrowIfNull(readiness);
        return dependent.AssigneeAgentId is not null
            && dependent.Status is not (IssueStatus.Backlog or IssueStatus.Done or IssueStatus.Cancelled)
            && readiness.BlockerIssueIds.Count > 0
            && readiness.IsDependencyReady;
    }
}
