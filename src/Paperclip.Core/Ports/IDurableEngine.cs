using Paperclip.Core.Runs;

namespace Paperclip.Core.Ports;

/// <summary>
/// The narrow port onto the durable engine. One implementation per host: the Functions durable client,
/// and the Durable Task Framework client in the self-host.
/// </summary>
public interface IDurableEngine
{
    /// <summary>
    /// Starts the run orchestration with the run id as its instance id. Starting a run that already
    /// exists is a no-op that returns the existing instance.
    /// </summary>
    Task<RunInstanceStatus> StartRunAsync(RunRequest request, CancellationToken cancellationToken);

    /// <summary>Raises an external event to a run orchestration.</summary>
    Task RaiseRunEventAsync(string runId, string eventName, object? payload, CancellationToken cancellationToken);

    /// <summary>Reads a run orchestration's status, or null when no such instance exists.</summary>
    Task<RunInstanceStatus?> GetRunAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Signals (fire and forget) an operation on a workspace entity.</summary>
    Task SignalWorkspaceAsync(string workspaceKey, string operation, object? input, CancellationToken cancellationToken);

    /// <summary>Reads a workspace entity's state, or null when it does not exist yet.</summary>
    Task<WorkspaceState?> GetWorkspaceAsync(string workspaceKey, CancellationToken cancellationToken);

    /// <summary>Signals (fire and forget) an operation on an agent's run-slots entity.</summary>
    Task SignalAgentSlotsAsync(string companyId, string agentId, string operation, object? input, CancellationToken cancellationToken);

    /// <summary>Reads an agent's run-slots state, or null when it does not exist yet.</summary>
    Task<AgentSlotsState?> GetAgentSlotsAsync(string companyId, string agentId, CancellationToken cancellationToken);

    /// <summary>Throws when the durable worker or its backend cannot serve.</summary>
    Task CheckHealthAsync(CancellationToken cancellationToken);
}
