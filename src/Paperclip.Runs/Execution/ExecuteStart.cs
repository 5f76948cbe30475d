using Paperclip.Core.Runs;
using Paperclip.Runs.Orchestration;
namespace Paperclip.Runs.Execution;

/// <summary>
/// What starting execute produced: either the agent runs under a watcher (the orchestration waits for the
/// <see cref="RunEvents.Exited"/> event, at most <see cref="TimeoutSec"/>), or execute already ended
/// (<see cref="Outcome"/>: the agent could not start, the run was cancelled first, or its process was lost).
/// </summary>
public sealed record ExecuteStart(PhaseOutcome? Outcome, int? TimeoutSec)
{
    /// <summary>The environment prepare placed the run in (for finalize).</summary>
    public string? EnvironmentId { get; init; }

    /// <summary>The agent runs; its exit will be reported.</summary>
    public static ExecuteStart Watching(int? timeoutSec) => new(null, timeoutSec);

    /// <summary>Execute ended already.</summary>
    public static ExecuteStart Ended(PhaseOutcome outcome) => new(outcome, null);
}
