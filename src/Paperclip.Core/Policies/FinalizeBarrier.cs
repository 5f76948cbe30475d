using Paperclip.Core.Domain;

namespace Paperclip.Core.Policies;

/// <summary>
/// The finalize barrier over the workspace operation ledger. A workspace (or a run on it) is finalized when its
/// latest operation is a succeeded <c>workspace_finalize</c>; no operations at all counts as finalized.
/// "Latest" is the greatest <c>startedAt</c>; ties (upstream leaves them to database order) are broken by run id —
/// run ids are UUIDv7, time-ordered to the millisecond, so the later-created run wins — and then by phase order within a run.
/// </summary>
public static class FinalizeBarrier
{
    /// <summary>The deterministic order of operations, oldest first.</summary>
    public static IComparer<WorkspaceOperation> Chronological { get; } = Comparer<WorkspaceOperation>.Create((a, b) =>
    {
        int byStart = a.StartedAt.CompareTo(b.StartedAt);
        if (byStart != 0)
        {
            return byStart;
        }

        int byRun = a.RunId.CompareTo(b.RunId);
        return byRun != 0 ? byRun : WorkspacePhases.Order(a.Phase).CompareTo(WorkspacePhases.Order(b.Phase));
    });

    /// <summary>The latest operation, or null when there is none.</summary>
    public static WorkspaceOperation? Latest(IEnumerable<WorkspaceOperation> operations) =>
        operations.Max(Chronological);

    /// <summary>
    /// True when the operations (of one workspace, or one run on it) end in a succeeded finalize, or are none. An
    /// archive's teardown and cleanup rows are looked past (<see cref="WorkspacePhases.IsArchivePhase"/>).
    /// </summary>
    public static bool IsFinalized(IEnumerable<WorkspaceOperation> operations) =>
        Latest(operations.Where(o => !WorkspacePhases.IsArchivePhase(o.Phase))) is not { } latest
        || (latest.Phase == WorkspacePhases.WorkspaceFinalize && latest.Status == OperationStatus.Succeeded);

    /// <summary>
    /// The accept gate of a confirmation card (upstream's later rule): a card that names the run it came from waits for
    /// <em>that run's</em> finalize on the workspace only (no operations of it there: nothing to wait for), so a run of
    /// another issue mid-flight on a shared workspace does not hold it; a card without a source run waits for the
    /// workspace's latest operation, as the seed's rule.
    /// </summary>
    public static bool CardMayBeAccepted(Guid? sourceRunId, IEnumerable<WorkspaceOperation> workspaceOperations) =>
        sourceRunId is { } run ? IsFinalized(workspaceOperations.Where(o => o.RunId == run)) : IsFinalized(workspaceOperations);

    /// <summary>The workspaces among <paramref name="operations"/> whose latest operation is not a succeeded finalize.</summary>
    public static IReadOnlySet<Guid> UnfinalizedWorkspaces(IEnumerable<WorkspaceOperation> operations) =>
        operations.GroupBy(o => o.ExecutionWorkspaceId)
            .Where(g => !IsFinalized(g))
            .Select(g => g.Key)
            .ToHashSet();
}
