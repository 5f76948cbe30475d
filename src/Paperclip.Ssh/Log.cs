using Microsoft.Extensions.Logging;

namespace Paperclip.Ssh;

/// <summary>Every log message of this assembly, in one place: EventIds 6400–6499 (remote runs 64xx), a band no other assembly uses.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6401, Level = LogLevel.Information, Message = "Run {RunId}: synced out to {Target} ({Files} files, {Bytes} bytes sent, {Removed} removed; mirror {Mirror}).")]
    internal static partial void SyncedOut(ILogger logger, Guid runId, string target, int files, long bytes, int removed, string mirror);

    [LoggerMessage(EventId = 6402, Level = LogLevel.Information, Message = "Run {RunId}: restored from {Target} ({Files} files fetched, {Written} written, {Deleted} deleted, {Conflicts} conflicts).")]
    internal static partial void Restored(ILogger logger, Guid runId, string target, int files, int written, int deleted, int conflicts);

    [LoggerMessage(EventId = 6403, Level = LogLevel.Warning, Message = "Run {RunId}: restoring from {Target} failed ({Error}); retrying in {DelaySeconds} s.")]
    internal static partial void RestoreRetry(ILogger logger, Guid runId, string target, string error, double delaySeconds);

    [LoggerMessage(EventId = 6404, Level = LogLevel.Warning, Message = "Run {RunId}: the merge back from {Target} was refused ({Code}); the run's directory stays on the box.")]
    internal static partial void RestoreRefused(ILogger logger, Guid runId, string target, string code);

    [LoggerMessage(EventId = 6405, Level = LogLevel.Warning, Message = "Run {RunId}: the connection to {Target} did not answer two liveness checks; closing it.")]
    internal static partial void PeerFrozen(ILogger logger, Guid runId, string target);

    [LoggerMessage(EventId = 6406, Level = LogLevel.Warning, Message = "Run {RunId}: cleaning up on {Target} failed ({Error}); the retention sweep removes it later.")]
    internal static partial void CleanupFailed(ILogger logger, Guid runId, string target, string error);
}
