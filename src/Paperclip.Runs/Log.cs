using Microsoft.Extensions.Logging;

namespace Paperclip.Runs;

/// <summary>Every log message of this assembly, in one place: EventIds 2000–2999 (the local process 20xx, the watcher host 22xx), a band no other assembly uses.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Run {RunId}: process {ProcessId} started.")]
    internal static partial void ProcessStarted(ILogger logger, Guid runId, int processId);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Run {RunId}: process exited with code {ExitCode}.")]
    internal static partial void ProcessExited(ILogger logger, Guid runId, int exitCode);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Run {RunId}: {Error} recording the process id; going on.")]
    internal static partial void PidNotRecorded(ILogger logger, Guid runId, string error);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Run {RunId}: command '{Command}' could not be started.")]
    internal static partial void ProcessStartFailed(ILogger logger, Guid runId, string command);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Run {RunId}: stopped; the process tree was killed.")]
    internal static partial void ProcessStopped(ILogger logger, Guid runId);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Warning, Message = "Renewing this host's lease failed.")]
    internal static partial void HostLeaseRenewFailed(ILogger logger, Exception exception);
}
