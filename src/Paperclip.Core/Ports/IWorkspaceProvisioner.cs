using Paperclip.Core.Domain;

namespace Paperclip.Core.Ports;

/// <summary>Realises an execution workspace where its runs execute (a directory, a git worktree).</summary>
public interface IWorkspaceProvisioner
{
    /// <summary>
    /// Makes the workspace ready and returns its working directory. Idempotent: an existing directory or worktree is
    /// reused as it is. Throws a <see cref="Errors.PaperclipException"/> whose message says what failed.
    /// </summary>
    Task<string> EnsureAsync(ExecutionWorkspace workspace, CancellationToken cancellationToken);

    /// <summary>Makes a plain directory ready (a run woken before its workspace was recorded) and returns it.</summary>
    string EnsurePlainDirectory(string path);

    /// <summary>True when <paramref name="path"/> is the root of a git repository (its workspaces become worktrees).</summary>
    bool IsRepository(string path);
}
