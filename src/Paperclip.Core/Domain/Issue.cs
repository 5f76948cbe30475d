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
    /// <summary>A board user the issue is assigned to (at most one assignee: an agent or a user).</summary>
    public string? AssigneeUserId { get; init; }

    /// <summary>True for done and cancelled issues.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsTerminal => this.Status is IssueStatus.Done or IssueStatus.Cancelled;

    /// <summary>The run that checked the issue out (upstream's lock; cleared by release).</summary>
    public Guid? CheckoutRunId { get; init; }

    /// <summary>The run executing the issue.</summary>
    public Guid? ExecutionRunId { get; init; }

    /// <summary>When work on it started (its first checkout).</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>The parent issue (structure only; it never blocks).</summary>
    public Guid? ParentId { get; init; }

    /// <summary>The work mode upstream gives an issue when none is named.</summary>
    public const string DefaultWorkMode = "standard";

    /// <summary>How the work is to be done (upstream's <c>workMode</c>; a suggested task may name one).</summary>
    public string WorkMode { get; init; } = DefaultWorkMode;

    /// <summary>How deep in a chain of requests the issue is: 0 for a top-level issue, its parent's plus one for a child.</summary>
    public int RequestDepth { get; init; }

    readonly Guid executionWorkspaceId;

    /// <summary>
    /// The issue's execution workspace: set when a run resolves it (or when a child inherits its parent's). Until then
    /// the id the issue's own isolated workspace would get (the issue id), so the finalize barrier has a key to read.
    /// </summary>
    public Guid ExecutionWorkspaceId
    {
        get => this.executionWorkspaceId == Guid.Empty ? this.Id : this.executionWorkspaceId;
        init => this.executionWorkspaceId = value;
    }

    /// <summary>Upstream's <c>executionWorkspacePreference</c>: <c>reuse_existing</c> reuses <see cref="ExecutionWorkspaceId"/>.</summary>
    public string? ExecutionWorkspacePreference { get; init; }

    /// <summary>Upstream's <c>executionWorkspaceSettings</c>: the mode and environment the issue asks for.</summary>
    public Policies.Workspaces.IssueWorkspaceSettings? ExecutionWorkspaceSettings { get; init; }
}
