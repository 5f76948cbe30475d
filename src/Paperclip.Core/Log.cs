using Microsoft.Extensions.Logging;

namespace Paperclip.Core;

/// <summary>Every log message of this assembly, in one place: EventIds 1100–1999 (secrets 11xx, runs 12xx, issues 13xx), a band no other assembly uses.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Secret {SecretId}: cleaning up the provider write failed ({Error}); the secret stays archived as its handle.")]
    internal static partial void SecretCleanupFailed(ILogger logger, Guid secretId, string error);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Recording a secret access failed ({Error}); the resolution stands.")]
    internal static partial void SecretAccessNotRecorded(ILogger logger, string error);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Error, Message = "Run {RunId}: the watcher failed.")]
    internal static partial void WatcherFailed(ILogger logger, Guid runId, Exception exception);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Stopping: waiting up to {Seconds} s for {Count} running agent(s).")]
    internal static partial void WatcherDraining(ILogger logger, int count, double seconds);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "{Count} agent run(s) were still being recorded when the host stopped; the heartbeat reports them lost.")]
    internal static partial void WatcherStopTimedOut(ILogger logger, int count);

    [LoggerMessage(EventId = 1211, Level = LogLevel.Warning, Message = "Run {RunId}: the agent's process is lost (its host {HostId} is gone).")]
    internal static partial void RunProcessLost(ILogger logger, Guid runId, string? hostId);

    [LoggerMessage(EventId = 1212, Level = LogLevel.Warning, Message = "Run {RunId}: reporting the exit failed (attempt {Attempt}, {Error}); retrying.")]
    internal static partial void ExitReportRetry(ILogger logger, Guid runId, int attempt, string error);

    [LoggerMessage(EventId = 1213, Level = LogLevel.Error, Message = "Run {RunId}: the exit could not be reported; the heartbeat will repeat it.")]
    internal static partial void ExitReportFailed(ILogger logger, Guid runId, Exception exception);

    [LoggerMessage(EventId = 1221, Level = LogLevel.Warning, Message = "Promoting the deferred wakes of issue {IssueId} failed; the heartbeat retries.")]
    internal static partial void DeferredPromotionFailed(ILogger logger, Guid issueId, Exception exception);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Dependent issue {IssueId} is ready but its assignee was not woken ({Code}).")]
    internal static partial void DependentNotWoken(ILogger logger, Guid issueId, string code);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Waking the dependents of issue {IssueId} failed; the next check retries.")]
    internal static partial void DependentWakeFailed(ILogger logger, Exception exception, Guid issueId);
}
