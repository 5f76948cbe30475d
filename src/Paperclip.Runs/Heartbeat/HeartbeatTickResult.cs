namespace Paperclip.Runs.Heartbeat;

/// <summary>
/// What one heartbeat tick did: timer wakes (checked, enqueued, skipped), orphaned runs failed, workspaces released from
/// vanished runs, and dependents woken by reconciliation.
/// </summary>
public sealed record HeartbeatTickResult(int Checked, int Enqueued, int Skipped, int OrphansFailed)
{
    /// <summary>Workspaces whose lapsed lease was held by a vanished run and were released.</summary>
    public int LeasesReleased { get; init; }

    /// <summary>Dependents whose wake a failed check had missed, woken now.</summary>
    public int DependentsReconciled { get; init; }
}
