using Paperclip.Runs.Lifecycle;

namespace Paperclip.Runs.Orchestration;

/// <summary>
/// The output of a run orchestration: the terminal run status (wire value), the exit code, and whether finalize
/// succeeded (the barrier lifted).
/// </summary>
public sealed record RunResult(string RunId, string Status, int? ExitCode, bool Finalized = true)
{
    /// <summary>The wakes finalize left for the orchestration to make before it releases the workspace.</summary>
    public FinalizeFollowUps FollowUps { get; init; } = FinalizeFollowUps.None;
}
