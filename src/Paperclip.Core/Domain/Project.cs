namespace Paperclip.Core.Domain;

/// <summary>A project groups issues.</summary>
public sealed record Project(
    Guid Id,
    Guid CompanyId,
    string Name,
    string? Description,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>
    /// The project's primary directory on the control plane's machine (absolute): shared_workspace runs there, and
    /// when it is a git repository, isolated_workspace runs get a worktree of it.
    /// </summary>
    public string? WorkspaceCwd { get; init; }

    /// <summary>The project's execution-workspace policy (upstream's <c>executionWorkspacePolicy</c>).</summary>
    public Policies.Workspaces.ProjectWorkspacePolicy? ExecutionWorkspacePolicy { get; init; }
}
