namespace Paperclip.Host;

/// <summary>Every log message of this assembly, in one place: EventIds 3000–3999 (durable worker 30xx, heartbeat 31xx, self-host 32xx), a band no other assembly uses.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Durable worker started on task hub {TaskHub}.")]
    internal static partial void DurableWorkerStarted(ILogger logger, string taskHub);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Durable worker draining.")]
    internal static partial void DurableWorkerDraining(ILogger logger);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Durable worker did not drain within {Timeout}; stopping it.")]
    internal static partial void DurableWorkerDrainTimedOut(ILogger logger, TimeSpan timeout);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Heartbeat woke {Enqueued} agent(s) and failed {Orphans} orphaned run(s).")]
    internal static partial void HeartbeatTicked(ILogger logger, int enqueued, int orphans);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Error, Message = "Heartbeat tick failed.")]
    internal static partial void HeartbeatTickFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "Board key is in {Path} (set PAPERCLIP_BOARD_KEY to use your own).")]
    internal static partial void BoardKeyFile(ILogger logger, string path);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Information, Message = "No storage configured: started Azurite with data in {Location}.")]
    internal static partial void AzuriteStarted(ILogger logger, string location);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Information, Message = "Data directory: {Path}.")]
    internal static partial void DataDirectory(ILogger logger, string path);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Warning, Message = "Stopped a leftover Azurite (pid {Pid}) of a host that is gone, on {Location}.")]
    internal static partial void AzuriteLeftoverStopped(ILogger logger, int pid, string location);
}
