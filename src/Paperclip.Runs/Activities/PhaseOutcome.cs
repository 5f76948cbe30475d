using Paperclip.Core.Ports;

namespace Paperclip.Runs.Activities;

/// <summary>The serializable form of an <see cref="ExecutionOutcome"/> passed between activities.</summary>
public sealed record PhaseOutcome(int? ExitCode, bool TimedOut, string? Error, bool Cancelled = false)
{
    /// <summary>From the domain outcome.</summary>
    public static PhaseOutcome From(ExecutionOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return new(outcome.ExitCode, outcome.TimedOut, outcome.Error, outcome.Cancelled);
    }

    /// <summary>To the domain outcome.</summary>
    public ExecutionOutcome ToOutcome() => new(this.ExitCode, this.TimedOut, this.Error) { Cancelled = this.Cancelled };
}
