namespace Paperclip.Core.Ports;

/// <summary>A command an <see cref="IExecutionTarget"/> started: its output, its end, and a way to stop it.</summary>
public interface IExecutionHandle : IAsyncDisposable
{
    /// <summary>
    /// The id the target finds the command by should this host die meanwhile (the local target's process id, which
    /// <see cref="IOrphanedAgents"/> takes), or null when the target has none.
    /// </summary>
    int? ProcessId { get; }

    /// <summary>The command's stdout, read until it ends. The caller must drain it, or the command may block.</summary>
    Stream StandardOutput { get; }

    /// <summary>The command's stderr, read until it ends. The caller must drain it, or the command may block.</summary>
    Stream StandardError { get; }

    /// <summary>Completes when the command has ended, with how.</summary>
    Task<ExecutionExit> Exited { get; }

    /// <summary>
    /// Stops the command and everything it started: asks it to end (SIGTERM), and forces it (SIGKILL) when it is still
    /// running after <paramref name="grace"/>. Returns how it ended (at once if it already had).
    /// </summary>
    Task<ExecutionExit> StopAsync(TimeSpan grace, CancellationToken cancellationToken);
}
