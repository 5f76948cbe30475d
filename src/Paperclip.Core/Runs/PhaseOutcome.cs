using Paperclip.Core.Ports;

namespace Paperclip.Core.Runs;

/// <summary>
/// How execute ended, as the watcher reports it to the run orchestration (its exited event)
/// and the orchestration hands it to finalize. Plain fields only: it crosses the durable engine's serializers.
/// </summary>
public sealed record PhaseOutcome(int? ExitCode, bool TimedOut, string? Error, bool Cancelled = false)
{
    /// <summary>True when the agent's process was lost.</summary>
    public bool Lost { get; init; }

    /// <summary>A stable code for the error, when there is one.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Set when execute's outcome could not be recorded in the ledger: the run fails with this reason.</summary>
    public string? LedgerFailure { get; init; }

    /// <summary>From the domain outcome.</summary>
    public static PhaseOutcome From(ExecutionOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return new(outcome.ExitCode, outcome.TimedOut, outcome.Error, outcome.Cancelled) { Lost = outcome.Lost, ErrorCode = outcome.ErrorCode };
    }

    /// <summary>To the domain outcome.</summary>
    public ExecutionOutcome ToOutcome() => new(this.ExitCode, this.TimedOut, this.Error) { Cancelled = this.Cancelled, Lost = this.Lost, ErrorCode = this.ErrorCode };
}
