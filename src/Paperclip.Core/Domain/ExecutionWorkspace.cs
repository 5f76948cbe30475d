using Paperclip.Core.Policies.Workspaces;

namespace Paperclip.Core.Domain;

/// <summary>
/// Where an issue's runs execute (upstream's <c>execution_workspaces</c>): a project's shared primary directory, an
/// isolated git worktree or directory per issue, or an agent's own directory. Runs on one workspace are serialized by
/// its <c>WorkspaceEntity</c>.
/// </summary>
public sealed record ExecutionWorkspace(
    Guid Id,
    Guid CompanyId,
    Guid? ProjectId,
    Guid? SourceIssueId,
    IssueWorkspaceMode Mode,
    WorkspaceStrategy StrategyType,
    string Name,
    ExecutionWorkspaceStatus Status,
    string Cwd,
    string EnvironmentId,
    DateTimeOffset OpenedAt,
    DateTimeOffset LastUsedAt)
{
    /// <summary><c>local_fs</c> or <c>git_worktree</c>.</summary>
    public string ProviderType => this.StrategyType == WorkspaceStrategy.GitWorktree ? "git_worktree" : "local_fs";

    /// <summary>The repository a worktree was added to.</summary>
    public string? RepoPath { get; init; }

    /// <summary>The worktree's branch (named from the issue, or by the project's branchTemplate).</summary>
    public string? BranchName { get; init; }

    /// <summary>What a new worktree's branch starts from (the project strategy's baseRef); the repository's HEAD when null.</summary>
    public string? BaseRef { get; init; }

    /// <summary>
    /// When the config's provision command last succeeded in this workspace's directory; null until then and again after
    /// the workspace is archived, so a prepare provisions a new or unprovisioned worktree and no other.
    /// </summary>
    public DateTimeOffset? ProvisionedAt { get; init; }

    /// <summary>When it was last archived (upstream's <c>closedAt</c>); a later wake reopens it.</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>The workspace this one replaced because the assignee intended another environment.</summary>
    public Guid? DerivedFromExecutionWorkspaceId { get; init; }

    /// <summary>The persisted config (<c>metadata.config</c> upstream); the resolution rules read its environment.</summary>
    public WorkspaceConfig? Config { get; init; }
}
