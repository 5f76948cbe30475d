using Paperclip.Core.Domain;

namespace Paperclip.Runs.Lifecycle;

/// <summary>
/// How finalize ended: the run's terminal status, whether the barrier lifted (the finalize row was written), and the
/// wakes it leaves for the orchestration.
/// </summary>
public sealed record FinalizeOutcome(RunStatus Status, bool Finalized, FinalizeFollowUps FollowUps);
