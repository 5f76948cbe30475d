using Microsoft.Extensions.Logging;

namespace Paperclip.Secrets.AzureKeyVault;

/// <summary>Every log message of this assembly, in one place: EventIds 6300–6399, a band no other assembly uses.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6301, Level = LogLevel.Warning, Message = "Azure Key Vault {Operation} failed: {Code}.")]
    internal static partial void KeyVaultRequestFailed(ILogger logger, string operation, string code);
}
