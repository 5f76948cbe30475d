using Microsoft.Extensions.Logging;

namespace Paperclip.Bridge;

/// <summary>Every log message of this assembly, in one place: EventIds 6500–6599, a band no other assembly uses. Tokens and keys never appear.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6501, Level = LogLevel.Information, Message = "Callback bridge listening on 127.0.0.1:{Port}.")]
    internal static partial void Listening(ILogger logger, int port);

    [LoggerMessage(EventId = 6502, Level = LogLevel.Information, Message = "Run {RunId}: bridge {Method} {Path} → {Status} in {Milliseconds} ms.")]
    internal static partial void Served(ILogger logger, Guid runId, string method, string path, int status, long milliseconds);

    [LoggerMessage(EventId = 6503, Level = LogLevel.Warning, Message = "Run {RunId}: bridge refused {Method} {Path} ({Code}).")]
    internal static partial void Refused(ILogger logger, Guid? runId, string method, string path, string code);

    [LoggerMessage(EventId = 6504, Level = LogLevel.Warning, Message = "Run {RunId}: bridge call {Method} {Path} failed: {Error}.")]
    internal static partial void UpstreamFailed(ILogger logger, Guid runId, string method, string path, string error);

    [LoggerMessage(EventId = 6505, Level = LogLevel.Information, Message = "Run {RunId}: bridge token voided ({Reason}).")]
    internal static partial void Voided(ILogger logger, Guid runId, string reason);
}
