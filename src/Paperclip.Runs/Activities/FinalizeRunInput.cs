using Paperclip.Core.Runs;

namespace Paperclip.Runs.Activities;

/// <summary>Input of <see cref="FinalizeRunActivity"/>: the run, how execute ended (if it ran) and an earlier phase's failure.</summary>
public sealed record FinalizeRunInput(RunRequest Run, PhaseOutcome? Executed, string? Failure)
{
    /// <summary>The environment prepare placed the run in; null when prepare did not get that far.</summary>
    public string? EnvironmentId { get; init; }
}
