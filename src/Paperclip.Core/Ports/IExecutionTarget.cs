namespace Paperclip.Core.Ports;

/// <summary>
/// Where a run's command executes: this machine (the local target), or a remote box (the SSH target). An agent adapter
/// builds the command; the target starts it and hands back its output and its end. Nothing above this port knows
/// which target ran a command.
/// </summary>
public interface IExecutionTarget
{
    /// <summary>
    /// Starts <paramref name="command"/>. Throws <see cref="ExecutionStartException"/> when it cannot be started (no
    /// such program, no such directory); once this returns, the command runs until it exits or is stopped through the
    /// handle.
    /// </summary>
    Task<IExecutionHandle> StartAsync(ExecutionCommand command, CancellationToken cancellationToken);
}
