namespace Paperclip.Core.Domain;

/// <summary>
/// A keyed document of an issue (upstream's issue documents: <c>plan</c>, notes, …), markdown, with its latest
/// revision's body. Every write adds a revision; <see cref="LatestRevisionId"/> is what a writer names as its
/// <c>baseRevisionId</c> so a concurrent edit is refused instead of lost.
/// </summary>
public sealed record IssueDocument(
    Guid Id,
    Guid CompanyId,
    Guid IssueId,
    string Key,
    string? Title,
    string Format,
    string Body,
    Guid LatestRevisionId,
    int LatestRevisionNumber,
    Guid? CreatedByAgentId,
    string? CreatedByUserId,
    Guid? UpdatedByAgentId,
    string? UpdatedByUserId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>One revision of an issue document (its body as of that write, and who wrote it).</summary>
public sealed record IssueDocumentRevision(
    Guid Id,
    Guid CompanyId,
    Guid DocumentId,
    Guid IssueId,
    string Key,
    int RevisionNumber,
    string Body,
    string? ChangeSummary,
    Guid? CreatedByAgentId,
    string? CreatedByUserId,
    DateTimeOffset CreatedAt)
{
    /// <summary>The revision this one was written over (null for the first); the chain is the document's history.</summary>
    public Guid? PreviousRevisionId { get; init; }
}
