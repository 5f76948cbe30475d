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

    /// <summary>The worktree's branch (named from the issue).</summary>
    public string? BranchName { get; init; }

    /// <summary>The workspace this one replaced because the assignee intended another environment.</summary>
    public Guid? DerivedFromExecutionWorkspaceId { get; init; }

    /// <summary>The persisted config (<c>metadata.config</c> upstream); the resolution rules read its environment.</summary>
    public WorkspaceConfig? Config { get; init; }
}
