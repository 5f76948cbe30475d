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
}
