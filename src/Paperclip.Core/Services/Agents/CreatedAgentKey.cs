namespace Paperclip.Core.Services.Agents;

/// <summary>The answer to key creation: the only time the key itself is shown.</summary>
public sealed record CreatedAgentKey(Guid Id, Guid AgentId, string? Name, string Key, DateTimeOffset CreatedAt);
