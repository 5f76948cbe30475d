using Microsoft.Extensions.Logging;

namespace Paperclip.Runs;

/// <summary>Every log message of this assembly, in one place: EventIds 2000–2999 (the local process 20xx, execute and its watcher 21xx, the watcher's host lease 22xx, finalize 23xx), a band no other assembly uses.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Run {RunId}: process {ProcessId} started.")]
    internal static partial void ProcessStarted(ILogger logger, Guid runId, int? processId);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Run {RunId}: process ended (exit code {ExitCode}, signal {Signal}).")]
    internal static partial void ProcessExited(ILogger logger, Guid runId, int? exitCode, string? signal);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Run {RunId}: {Error} recording the process id; going on.")]
    internal static partial void PidNotRecorded(ILogger logger, Guid runId, string error);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Run {RunId}: command '{Command}' could not be started.")]
    internal static partial void ProcessStartFailed(ILogger logger, Guid runId, string command);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Run {RunId}: stopped on request; the process group ended (exit code {ExitCode}, signal {Signal}).")]
    internal static partial void ProcessStopped(ILogger logger, Guid runId, int? exitCode, string? signal);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Run {RunId}: the execution target lost the command ({Code}).")]
    internal static partial void ProcessLostByTarget(ILogger logger, Guid runId, string code);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Error, Message = "Run {RunId}: the watcher failed.")]
    internal static partial void WatcherFailed(ILogger logger, Guid runId, Exception exception);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "Stopping: waiting up to {Seconds} s for {Count} running agent(s).")]
    internal static partial void WatcherDraining(ILogger logger, int count, double seconds);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "{Count} agent run(s) were still being recorded when the host stopped; the heartbeat reports them lost.")]
    internal static partial void WatcherStopTimedOut(ILogger logger, int count);

    [LoggerMessage(EventId = 2111, Level = LogLevel.Warning, Message = "Run {RunId}: the agent's process is lost (its host {HostId} is gone).")]
    internal static partial void RunProcessLost(ILogger logger, Guid runId, string? hostId);

    [LoggerMessage(EventId = 2112, Level = LogLevel.Warning, Message = "Run {RunId}: reporting the exit failed (attempt {Attempt}, {Error}); retrying.")]
    internal static partial void ExitReportRetry(ILogger logger, Guid runId, int attempt, string error);

    [LoggerMessage(EventId = 2113, Level = LogLevel.Error, Message = "Run {RunId}: the exit could not be reported; the heartbeat will repeat it.")]
    internal static partial void ExitReportFailed(ILogger logger, Guid runId, Exception exception);

    [LoggerMessage(EventId = 2114, Level = LogLevel.Warning, Message = "Run {RunId}: no callback bridge ({Reason}); the agent is given the API's own URL.")]
    internal static partial void NoBridge(ILogger logger, Guid runId, string reason);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Warning, Message = "Renewing this host's lease failed.")]
    internal static partial void HostLeaseRenewFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2301, Level = LogLevel.Warning, Message = "Finalize follow-up {Kind} for issue {IssueId} failed; the heartbeat catches up.")]
    internal static partial void FollowUpFailed(ILogger logger, Lifecycle.FollowUpKind kind, Guid issueId, Exception exception);
}
