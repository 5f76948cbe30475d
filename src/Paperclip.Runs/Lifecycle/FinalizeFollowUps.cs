namespace Paperclip.Runs.Lifecycle;

/// <summary>
/// The wakes a finalize leaves for its orchestration to carry out (<see cref="RunFollowUps"/>) while the run still
/// holds its workspace, so they happen before the next run in line can start and lower the finalize barrier again.
/// Finalize only finds out what is owed; it wakes nothing itself. Plain fields: it crosses the durable serializers.
/// </summary>
/// <param name="PromoteDeferred">The issue has deferred wakes (another agent's), which may become a run now that it is free.</param>
/// <param name="RetryLostRun">The run's agent was lost with its host: queue its one retry.</param>
/// <param name="WakeDependents">The finalize succeeded on a terminal issue: its dependents (if done) and its parent may be ready now.</param>
public sealed record FinalizeFollowUps(bool PromoteDeferred, bool RetryLostRun, bool WakeDependents)
{
    /// <summary>Nothing owed.</summary>
    public static readonly FinalizeFollowUps None = new(false, false, false);

    /// <summary>True when any wake is owed.</summary>
    public bool IsOwed() => this.PromoteDeferred || this.RetryLostRun || this.WakeDependents;
}
