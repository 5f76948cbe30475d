namespace Paperclip.Core.Ports;

/// <summary>Agent processes a dead host left running on this machine (they outlive their parent).</summary>
public interface IOrphanedAgents
{
    /// <summary>
    /// Stops the process tree of <paramref name="processId"/> if it is still the agent of <paramref name="runId"/>
    /// (process ids are reused, so the process itself must say it is that run's). True when it was stopped.
    /// </summary>
    bool TryStop(int processId, Guid runId);
}
