namespace Paperclip.Core.Domain;

/// <summary>Configuration of the <c>process</c> adapter: a command and its arguments, run in the workspace.</summary>
public sealed record ProcessAdapterConfig(string Command, IReadOnlyList<string> Args, int? TimeoutSec);
