namespace Paperclip.Runs.Orchestration;

/// <summary>The output of a run orchestration: the terminal run status (wire value) and the exit code.</summary>
public sealed record RunResult(string RunId, string Status, int? ExitCode);
