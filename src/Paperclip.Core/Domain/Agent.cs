namespace Paperclip.Core.Domain;

/// <summary>An agent on the company's staff; it runs through its adapter.</summary>
public sealed record Agent(
    Guid Id,
    Guid CompanyId,
    string Name,
    AgentStatus Status,
    string AdapterType,
    ProcessAdapterConfig AdapterConfig,
    DateTimeOffset? LastHeartbeatAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
