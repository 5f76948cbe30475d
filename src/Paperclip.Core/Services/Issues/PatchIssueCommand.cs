using Paperclip.Core.Domain;
using Paperclip.Core.Validation;

namespace Paperclip.Core.Services.Issues;

/// <summary>
/// <c>PATCH …/issues/{id}</c>. Absent fields are unchanged; <c>assigneeAgentId: null</c> unassigns;
/// <c>blockedByIssueIds</c> replaces the whole set (<c>[]</c> clears it).
/// </summary>
public sealed record PatchIssueCommand(
    string? Title,
    bool SetDescription,
    string? Description,
    IssueStatus? Status,
    bool SetAssignee,
    Guid? AssigneeAgentId,
    IReadOnlyList<Guid>? BlockedByIssueIds)
{
    /// <summary>True when the body sets <c>assigneeUserId</c> (null unassigns the user).</summary>
    public bool SetAssigneeUser { get; init; }

    /// <summary>A board user to assign.</summary>
    public string? AssigneeUserId { get; init; }

    /// <summary>The workspace fields; null when the body sets none of them.</summary>
    public IssueWorkspaceFields? Workspace { get; init; }

    /// <summary>Parses and validates the body.</summary>
    public static PatchIssueCommand Parse(RequestBody body)
    {
        string? title = body.Text("title", required: false, maxLength: 500);
        bool setDescription = body.Has("description");
        string? description = body.Text("description", required: false, maxLength: CreateIssueCommand.MaxDescriptionLength, minLength: 0);
        IssueStatus? status = body.Enum<IssueStatus>("status", required: false);
        bool setAssignee = body.Has("assigneeAgentId");
        Guid? assignee = body.Id("assigneeAgentId", required: false);
        IReadOnlyList<Guid>? blockers = body.IdArray("blockedByIssueIds", required: false, CreateIssueCommand.MaxBlockers);
        bool setAssigneeUser = body.Has("assigneeUserId");
        string? assigneeUser = body.Text("assigneeUserId", required: false, maxLength: 200);
        IssueWorkspaceFields? workspace = IssueWorkspaceFields.Parse(body);
        body.ThrowIfInvalid();
        return new PatchIssueCommand(title, setDescription, description, status, setAssignee, assignee, blockers)
        {
            Workspace = workspace,
            SetAssigneeUser = setAssigneeUser,
            AssigneeUserId = assigneeUser,
        };
    }
}
