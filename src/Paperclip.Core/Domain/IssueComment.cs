namespace Paperclip.Core.Domain;

/// <summary>Who wrote a comment (upstream's <c>authorType</c>).</summary>
public enum CommentAuthorType
{
    /// <summary>The board.</summary>
    User,

    /// <summary>An agent (with its key).</summary>
    Agent,

    /// <summary>The control plane itself.</summary>
    System,
}

/// <summary>
/// A comment on an issue (upstream's <c>issue_comments</c> row): by the board (<see cref="AuthorUserId"/>) or an agent
/// (<see cref="AuthorAgentId"/>, with the run it came from).
/// </summary>
public sealed record IssueComment(
    Guid Id,
    Guid CompanyId,
    Guid IssueId,
    Guid? AuthorAgentId,
    string? AuthorUserId,
    CommentAuthorType AuthorType,
    string Body,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The run an agent's comment came from, when its key is run-scoped (or it named its run).</summary>
    public Guid? CreatedByRunId { get; init; }
}
