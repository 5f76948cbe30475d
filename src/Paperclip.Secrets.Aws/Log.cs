using Microsoft.Extensions.Logging;

namespace Paperclip.Secrets.Aws;

/// <summary>Every log message of this assembly, in one place: EventIds 6200–6299, a band no other assembly uses.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6201, Level = LogLevel.Warning, Message = "AWS Secrets Manager {Action} failed: {Code}.")]
    internal static partial void AwsRequestFailed(ILogger logger, string action, string code);
}
