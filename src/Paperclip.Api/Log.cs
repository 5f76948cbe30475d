using Microsoft.Extensions.Logging;

namespace Paperclip.Api;

/// <summary>Every log message of this assembly, in one place: EventIds 1000–1099, a band no other assembly uses.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "Unhandled error in {Route} (trace {TraceId}).")]
    public static partial void Unhandled(this ILogger logger, Exception exception, string route, string traceId);
}
