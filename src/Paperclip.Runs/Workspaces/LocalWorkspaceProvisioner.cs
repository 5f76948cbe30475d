using Paperclip.Core.Domain;
using Paperclip.Core.Errors;
using Paperclip.Core.Ports;
using Paperclip.Workspaces.Git;

namespace Paperclip.Runs.Workspaces;

/// <summary>
/// Realises workspaces on this machine: plain directories, and git worktrees of a project's repository on the issue's
/// branch. It only adds worktrees and checks out branches; it never fetches, pulls or pushes — the local workspace is
/// the only persistence boundary between runs.
/// </summary>
public sealed class LocalWorkspaceProvisioner : IWorkspaceProvisioner
{
    static readonly TimeSpan GitTimeout = TimeSpan.FromMinutes(2);

    /// <inheritdoc/>
    public string EnsurePlainDirectory(string path)
    {
        Directory.CreateDirectory(path);
        return path;
    }

    /// <inheritdoc/>
    public bool IsRepository(string path) =>
        Directory.Exists(Path.Combine(path, ".git")) || File.Exists(Path.Combine(path, ".git")); // a worktree's .git is a file

    /// <inheritdoc/>
    public async Task<string> EnsureAsync(ExecutionWorkspace workspace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);

        if (workspace.StrategyType != WorkspaceStrategy.GitWorktree)
        {
            Directory.CreateDirectory(workspace.Cwd);
            return workspace.Cwd;
        }

        string repo = workspace.RepoPath ?? throw Failed("the workspace names no repository.");
        string branch = workspace.BranchName ?? throw Failed("the workspace names no branch.");
        if (Directory.Exists(workspace.Cwd) && Directory.EnumerateFileSystemEntries(workspace.Cwd).Any())
        {
            // Reuse the worktree of an earlier run as it is (its uncommitted work is the point of keeping it).
            (int inside, _) = await GitAsync(workspace.Cwd, cancellationToken, "rev-parse", "--is-inside-work-tree").ConfigureAwait(false);
            return inside == 0 ? workspace.Cwd : throw Failed($"{workspace.Cwd} exists but is not a git worktree.");
        }

        // A worktree whose directory was removed is still registered; forget it before adding it again.
        await GitAsync(repo, cancellationToken, "worktree", "prune").ConfigureAwait(false);
        (int exists, _) = await GitAsync(repo, cancellationToken, "rev-parse", "--verify", "--quiet", $"refs/heads/{branch}").ConfigureAwait(false);
        (int added, string error) = exists == 0
            ? await GitAsync(repo, cancellationToken, "worktree", "add", workspace.Cwd, branch).ConfigureAwait(false)
            : await GitAsync(repo, cancellationToken, "worktree", "add", "-b", branch, workspace.Cwd).ConfigureAwait(false);
        return added == 0 ? workspace.Cwd : throw Failed($"git worktree add failed: {error}");
    }

    static PaperclipException Failed(string detail) =>
        new(422, ErrorCodes.WorkspacePrepareFailed, "Workspace prepare failed", $"The execution workspace could not be prepared: {detail}");

    /// <summary>Runs git without a terminal prompt; returns the exit code and the end of stderr.</summary>
    static async Task<(int ExitCode, string Error)> GitAsync(string directory, CancellationToken cancellationToken, params string[] args)
    {
        try
        {
            GitResult result = await GitCommand.RunAsync(directory, args, GitTimeout, cancellationToken).ConfigureAwait(false);
            return (result.ExitCode, result.Error);
        }
        catch (GitCommandException ex)
        {
            throw Failed(ex.Message);
        }
    }
}
