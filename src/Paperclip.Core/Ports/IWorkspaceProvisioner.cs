using Paperclip.Core.Domain;

namespace Paperclip.Core.Ports;

/// <summary>Realises an execution workspace where its runs execute (a directory, a git worktree), and runs its commands.</summary>
public interface IWorkspaceProvisioner
{
    /// <summary>
    /// Makes the workspace ready and says where it is and whether this call created it. Idempotent: an existing directory
    /// or worktree is reused as it is. Throws a <see cref="Errors.PaperclipException"/> whose message says what failed.
    /// </summary>
    Task<WorkspaceRealised> EnsureAsync(ExecutionWorkspace workspace, CancellationToken cancellationToken);

    /// <summary>Makes a plain directory ready (a run woken before its workspace was recorded) and returns it.</summary>
    string EnsurePlainDirectory(string path);

    /// <summary>True when <paramref name="path"/> is the root of a git repository (its workspaces become worktrees).</summary>
    bool IsRepository(string path);

    /// <summary>
    /// Runs an operator's shell command (a strategy's provision or teardown command) in <paramref name="directory"/> with
    /// only <paramref name="environment"/> and the host's PATH and HOME, bounded by <paramref name="timeout"/>.
    /// </summary>
    Task<WorkspaceCommandResult> RunCommandAsync(string directory, string command, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>
    /// Removes a worktree workspace's directory from its repository (its branch and commits stay). Refuses a worktree
    /// with uncommitted changes. Returns null when removed or already gone, else why not.
    /// </summary>
    Task<string?> RemoveWorktreeAsync(ExecutionWorkspace workspace, CancellationToken cancellationToken);
}

/// <summary>Where a workspace was realised, and whether this prepare created it (a new worktree is provisioned).</summary>
public sealed record WorkspaceRealised(string Cwd, bool Created);

/// <summary>How a workspace command ended: its exit code (null when it timed out) and the ends of its output.</summary>
public sealed record WorkspaceCommandResult(int? ExitCode, bool TimedOut, string StdoutExcerpt, string StderrExcerpt)
{
    /// <summary>How much of each stream is kept (upstream's excerpt size).</summary>
    public const int ExcerptChars = 4_096;

    /// <summary>True when the command exited 0 in time.</summary>
    public bool Succeeded => this.ExitCode == 0 && !this.TimedOut;
}
