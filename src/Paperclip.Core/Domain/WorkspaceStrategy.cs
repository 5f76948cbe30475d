namespace Paperclip.Core.Domain;

/// <summary>How a workspace's directory is realised (upstream's strategy types we support).</summary>
public enum WorkspaceStrategy
{
    /// <summary>The project's primary directory, shared by its issues.</summary>
    ProjectPrimary,

    /// <summary>A git worktree of the project's repository on a branch of its own.</summary>
    GitWorktree,

    /// <summary>A plain directory of its own (no repository to branch from).</summary>
    Directory,

    /// <summary>The agent's own directory: the adapter decides.</summary>
    AdapterManaged,
}
