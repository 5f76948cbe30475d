namespace Paperclip.Core.Policies.Workspaces;

/// <summary>
/// A project's <c>workspaceStrategy</c> (upstream's <c>executionWorkspacePolicy.workspaceStrategy</c>): how its isolated
/// workspaces are realised. Only <c>git_worktree</c> is realised here; every field is optional and validated when set.
/// </summary>
public sealed record WorkspaceStrategySettings(string Type)
{
    /// <summary>The strategy type this control plane realises: a git worktree of the project's repository.</summary>
    public const string GitWorktree = "git_worktree";

    /// <summary>The commit a new worktree's branch starts from (a branch, tag or commit); the repository's HEAD when unset.</summary>
    public string? BaseRef { get; init; }

    /// <summary>The branch name, with <see cref="BranchTemplate"/> placeholders; <c>paperclip/&lt;identifier&gt;-&lt;slug&gt;</c> when unset.</summary>
    public string? BranchTemplate { get; init; }

    /// <summary>Where worktrees are created: absolute, or relative to the repository; the data directory when unset.</summary>
    public string? WorktreeParentDir { get; init; }

    /// <summary>A shell command run in a new worktree before the agent starts (recorded as <c>workspace_provision</c>).</summary>
    public string? ProvisionCommand { get; init; }

    /// <summary>A shell command run in the workspace when it is archived (recorded as <c>workspace_teardown</c>).</summary>
    public string? TeardownCommand { get; init; }
}
