using Paperclip.Core.Ports;

namespace Paperclip.Runs.Activities;

/// <summary>The serializable form of an <see cref="ExecutionOutcome"/> passed between activities.</summary>
public sealed record PhaseOutcome(int? ExitCode, bool TimedOut, string? Error)
{
    /// <summary>From the domain outcome.</summary>
    public static PhaseOutcome From(ExecutionOutcome outcome) => new(outcome.ExitCode, outcome.TimedOut, outcome.Error);

    /// <summary>To the domain outcome.</summary>
    public ExecutionOutcome ToOutcome() => new(this.ExitCode, this.TimedOut, this.Error);
}
