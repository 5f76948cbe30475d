using Microsoft.Extensions.Logging;

namespace Paperclip.Core;

/// <summary>Every log message of this assembly, in one place: EventIds 1100–1999 (secrets 11xx, issues 13xx, comments 14xx), a band no other assembly uses.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Secret {SecretId}: cleaning up the provider write failed ({Error}); the secret stays archived as its handle.")]
    internal static partial void SecretCleanupFailed(ILogger logger, Guid secretId, string error);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Recording a secret access failed ({Error}); the resolution stands.")]
    internal static partial void SecretAccessNotRecorded(ILogger logger, string error);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "Comment {CommentId}: agent {AgentId} was not woken ({Code}).")]
    internal static partial void CommentWakeDeclined(ILogger logger, Guid commentId, Guid agentId, string code);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Dependent issue {IssueId} is ready but its assignee was not woken ({Code}).")]
    internal static partial void DependentNotWoken(ILogger logger, Guid issueId, string code);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Waking the dependents of issue {IssueId} failed; the next check retries.")]
    internal static partial void DependentWakeFailed(ILogger logger, Exception exception, Guid issueId);
}
