using Paperclip.Core.Domain;
using Paperclip.Core.Validation;

namespace Paperclip.Core.Services.Issues;

/// <summary><c>POST …/issues</c>.</summary>
public sealed record CreateIssueCommand(string Title, string? Description, Guid? ProjectId, Guid? AssigneeAgentId, IssueStatus Status, IReadOnlyList<Guid> BlockedByIssueIds)
{
    /// <summary>The work mode of the created issue (suggested tasks name one; the API's create keeps the default).</summary>
    public string WorkMode { get; init; } = Issue.DefaultWorkMode;

    /// <summary>Longest description accepted (Tables keeps a record in 64 KiB properties).</summary>
    public const int MaxDescriptionLength = 16_000;

    /// <summary>Most blockers an issue may have.</summary>
    public const int MaxBlockers = 100;

    /// <summary>The parent issue (structure only; a child inherits the parent's workspace unless it names its own).</summary>
    public Guid? ParentId { get; init; }

    /// <summary>A board user to assign instead of an agent.</summary>
    public string? AssigneeUserId { get; init; }

    /// <summary>The workspace fields; null when the body sets none of them.</summary>
    public IssueWorkspaceFields? Workspace { get; init; }

    /// <summary>Parses and validates the body.</summary>
    public static CreateIssueCommand Parse(RequestBody body)
    {
        string? title = body.Text("title", required: true, maxLength: 500);
        string? description = body.Text("description", required: false, maxLength: MaxDescriptionLength, minLength: 0);
        Guid? projectId = body.Id("projectId", required: false);
        Guid? assignee = body.Id("assigneeAgentId", required: false);
        IssueStatus status = body.Enum<IssueStatus>("status", required: false) ?? IssueStatus.Todo;
        IReadOnlyList<Guid> blockers = body.IdArray("blockedByIssueIds", required: false, MaxBlockers) ?? [];
        Guid? parentId = body.Id("parentId", required: false);
        string? assigneeUser = body.Text("assigneeUserId", required: false, maxLength: 200);
        IssueWorkspaceFields? workspace = IssueWorkspaceFields.Parse(body);
        body.ThrowIfInvalid();
        return new CreateIssueCommand(title!, description, projectId, assignee, status, blockers) { ParentId = parentId, Workspace = workspace, AssigneeUserId = assigneeUser };
    }
}
