using System.Text.Json;

namespace Paperclip.Core.Domain;

/// <summary>
/// A question or proposal on an issue's thread that the board resolves: a confirmation (gated on the issue's
/// workspace being finalized), a checkbox confirmation, suggested tasks, or questions.
/// </summary>
public sealed record Interaction(
    Guid Id,
    Guid CompanyId,
    Guid IssueId,
    InteractionKind Kind,
    InteractionStatus Status,
    string ContinuationPolicy,
    string? IdempotencyKey,
    Guid? SourceRunId,
    string? Title,
    string? Summary,
    JsonElement Payload,
    JsonElement? Result,
    Guid? CreatedByAgentId,
    string? ResolvedBy,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The board user who created the card (upstream's <c>createdByUserId</c>; here always <c>local-board</c>).</summary>
    public string? CreatedByUserId { get; init; }

    /// <summary>The board user who resolved it (upstream's <c>resolvedByUserId</c>).</summary>
    public string? ResolvedByUserId { get; init; }

    /// <summary>The agent who resolved it (an agent withdrawing its own questions: upstream's <c>resolvedByAgentId</c>).</summary>
    public Guid? ResolvedByAgentId { get; init; }
}
