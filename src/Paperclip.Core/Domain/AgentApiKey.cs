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
    DateTimeOffset? RevokedAt)
{
    /// <summary>Set for a run-scoped key: the run it was issued to (it is revoked when the run's execute ends).</summary>
    public Guid? RunId { get; init; }

    /// <summary>After this the key is refused even if not revoked.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}
