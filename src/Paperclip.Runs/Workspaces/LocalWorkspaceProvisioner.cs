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
    public async Task<WorkspaceRealised> EnsureAsync(ExecutionWorkspace workspace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);

        if (workspace.StrategyType != WorkspaceStrategy.GitWorktree)
        {
            bool created = !Directory.Exists(workspace.Cwd);
            Directory.CreateDirectory(workspace.Cwd);
            return new WorkspaceRealised(workspace.Cwd, created);
        }

        string repo = workspace.RepoPath ?? throw Failed("the project's workspaceStrategy is git_worktree, but the project has no workspaceCwd to add a worktree to.");
        string branch = workspace.BranchName ?? throw Failed("the workspace names no branch.");
        if (!this.IsRepository(repo))
        {
            throw Failed($"the project's workspaceCwd {repo} is not a git repository, so no worktree can be added to it.");
        }

        if (Directory.Exists(workspace.Cwd) && Directory.EnumerateFileSystemEntries(workspace.Cwd).Any())
        {
            // Reuse the worktree of an earlier run as it is (its uncommitted work is the point of keeping it).
            (int inside, _) = await GitAsync(workspace.Cwd, cancellationToken, "rev-parse", "--is-inside-work-tree").ConfigureAwait(false);
            return inside == 0 ? new WorkspaceRealised(workspace.Cwd, Created: false) : throw Failed($"{workspace.Cwd} exists but is not a git worktree.");
        }

        // A worktree whose directory was removed is still registered; forget it before adding it again.
        await GitAsync(repo, cancellationToken, "worktree", "prune").ConfigureAwait(false);
        (int exists, _) = await GitAsync(repo, cancellationToken, "rev-parse", "--verify", "--quiet", $"refs/heads/{branch}").ConfigureAwait(false);
        // An existing branch is checked out again as it is; only a new one starts from the strategy's baseRef.
        List<string> add = exists == 0 ? ["worktree", "add", workspace.Cwd, branch] : ["worktree", "add", "-b", branch, workspace.Cwd];
        if (exists != 0 && workspace.BaseRef is { } baseRef)
        {
            // Checked first, so a typo reads as what it is rather than as git's generic "invalid reference".
            (int found, _) = await GitAsync(repo, cancellationToken, "rev-parse", "--verify", "--quiet", "--end-of-options", baseRef + "^{commit}").ConfigureAwait(false);
            if (found != 0)
            {
                throw Failed($"the workspaceStrategy's baseRef '{baseRef}' names no commit in {repo}.");
            }

            add.Add(baseRef);
        }

        (int added, string error) = await GitAsync(repo, cancellationToken, [.. add]).ConfigureAwait(false);
        return added == 0 ? new WorkspaceRealised(workspace.Cwd, Created: true) : throw Failed($"git worktree add failed: {error}");
    }

    /// <inheritdoc/>
    public async Task<string?> RemoveWorktreeAsync(ExecutionWorkspace workspace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (workspace is not { StrategyType: WorkspaceStrategy.GitWorktree, RepoPath: { } repo } || !this.IsRepository(repo))
        {
            return null;
        }

        if (!Directory.Exists(workspace.Cwd))
        {
            await GitAsync(repo, cancellationToken, "worktree", "prune").ConfigureAwait(false);
            return null;
        }

        // Never --force: uncommitted work in the worktree stays where it is, and the archive says so.
        (int removed, string error) = await GitAsync(repo, cancellationToken, "worktree", "remove", workspace.Cwd).ConfigureAwait(false);
        return removed == 0 ? null : $"git worktree remove refused: {error}";
    }

    /// <inheritdoc/>
    public Task<WorkspaceCommandResult> RunCommandAsync(string directory, string command, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, CancellationToken cancellationToken) =>
        ShellCommand.RunAsync(directory, command, environment, timeout, cancellationToken);

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
