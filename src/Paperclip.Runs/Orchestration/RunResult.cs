namespace Paperclip.Runs.Orchestration;

/// <summary>
/// The output of a run orchestration: the terminal run status (wire value), the exit code, and whether finalize
/// succeeded (the barrier lifted).
/// </summary>
public sealed record RunResult(string RunId, string Status, int? ExitCode, bool Finalized = true)
{
    /// <summary>Dependents wait in the workspace's entity for this finalize (the orchestration hands them over).</summary>
    public bool HasFinalizeWaiters { get; init; }
}
