namespace Paperclip.Core.Ports;

/// <summary>How an execution ended: an exit code, a timeout, or an error before the command could run.</summary>
public sealed record ExecutionOutcome(int? ExitCode, bool TimedOut, string? Error)
{
    /// <summary>The command ran and exited.</summary>
    public static ExecutionOutcome Exited(int exitCode) => new(exitCode, false, null);

    /// <summary>The command exceeded its timeout and was killed.</summary>
    public static ExecutionOutcome TimedOutAfter(TimeSpan timeout) => new(null, true, $"timed out after {timeout.TotalSeconds:0} s");

    /// <summary>The run was cancelled: the command was killed (or never started).</summary>
    public static ExecutionOutcome CancelledByRequest() => new(null, false, "Cancelled by control plane") { Cancelled = true };

    /// <summary>True when the run was cancelled on request.</summary>
    public bool Cancelled { get; init; }

    /// <summary>
    /// The adapter stopped the agent because its token was cancelled (cancel, timeout or host stop; the caller knows
    /// which). Adapters return this, with the output so far, rather than throwing.
    /// </summary>
    public static ExecutionOutcome StoppedOnRequest() => new(null, false, "stopped") { Stopped = true };

    /// <summary>True when the adapter stopped the agent on request.</summary>
    public bool Stopped { get; init; }

    /// <summary>The agent's process is gone without an exit the control plane saw (its host died or stopped).</summary>
    public static ExecutionOutcome ProcessLost(string reason) => new(null, false, reason) { Lost = true };

    /// <summary>True when the process was lost (upstream's <c>process_lost</c>).</summary>
    public bool Lost { get; init; }

    /// <summary>The command could not run.</summary>
    public static ExecutionOutcome Failed(string error) => new(null, false, error);

    /// <summary>The target lost the command (<see cref="ExecutionLostException"/>): the run fails with its code.</summary>
    public static ExecutionOutcome LostByTarget(string code, string error) => new(null, false, error) { ErrorCode = code };

    /// <summary>A stable code for the run's error, when there is one (for example <c>ssh_connection_lost</c>).</summary>
    public string? ErrorCode { get; init; }

    /// <summary>The last characters the command wrote to stdout.</summary>
    public string? StdoutExcerpt { get; init; }

    /// <summary>The last characters the command wrote to stderr.</summary>
    public string? StderrExcerpt { get; init; }

    /// <summary>Bytes of output in the run's log.</summary>
    public long LogBytes { get; init; }

    /// <summary>True when the command ran and exited with 0.</summary>
    public bool Succeeded => this.ExitCode == 0;
}
