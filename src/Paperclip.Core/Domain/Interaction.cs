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
    DateTimeOffset UpdatedAt);
