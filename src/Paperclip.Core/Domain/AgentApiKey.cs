namespace Paperclip.Core.Domain;

/// <summary>An agent API key. Only a salted hash is stored; the key itself is shown once at creation.</summary>
public sealed record AgentApiKey(
    Guid Id,
    Guid CompanyId,
    Guid AgentId,
    string? Name,
    byte[] Salt,
    byte[] Hash,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt);
