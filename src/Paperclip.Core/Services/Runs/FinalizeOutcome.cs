using Paperclip.Core.Domain;

namespace Paperclip.Core.Services.Runs;

/// <summary>
/// How finalize ended: the run's terminal status, whether the barrier lifted (the finalize row was written), and
/// whether dependents wait in the workspace's entity to be handed over.
/// </summary>
public sealed record FinalizeOutcome(RunStatus Status, bool Finalized, bool HasFinalizeWaiters);
