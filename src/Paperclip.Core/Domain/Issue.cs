namespace Paperclip.Core.Domain;

/// <summary>An issue (task). <see cref="Identifier"/> is <c>&lt;issuePrefix&gt;-&lt;number&gt;</c>.</summary>
public sealed record Issue(
    Guid Id,
    Guid CompanyId,
    Guid? ProjectId,
    string Identifier,
    int IssueNumber,
    string Title,
    string? Description,
    IssueStatus Status,
    Guid? AssigneeAgentId,
    IReadOnlyList<Guid> BlockedByIssueIds,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The parent issue (structure only; it never blocks).</summary>
    public Guid? ParentId { get; init; }

    /// <summary>
    /// The execution workspace of the issue. For now one plain directory per issue, so its id is the issue id;
    /// workspace modes (shared, worktree, reuse) replace this when they land.
    /// </summary>
    public Guid ExecutionWorkspaceId => this.Id;
}
