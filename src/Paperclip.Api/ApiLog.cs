using Microsoft.Extensions.Logging;

namespace Paperclip.Api;

/// <summary>Log messages of the API layer.</summary>
internal static partial class ApiLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "Unhandled error in {Route} (trace {TraceId}).")]
    public static partial void Unhandled(this ILogger logger, Exception exception, string route, string traceId);

}
