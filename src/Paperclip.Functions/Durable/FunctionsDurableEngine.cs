using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;
using Paperclip.Core.Ports;
using Paperclip.Core.Runs;
using Paperclip.Runs.Entities;
using Paperclip.Runs.Orchestration;

namespace Paperclip.Functions.Durable;

/// <summary>The durable engine port on the Functions durable client (bound per invocation, see <see cref="DurableClientScope"/>).</summary>
public sealed class FunctionsDurableEngine : IDurableEngine
{
    /// <inheritdoc/>
    public async Task<RunInstanceStatus> StartRunAsync(RunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        DurableTaskClient client = DurableClientScope.Current;
        if (await this.GetRunAsync(request.RunId, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(nameof(RunOrchestrator), request, new StartOrchestrationOptions(request.RunId), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A concurrent start may have created the instance first (starting twice is a no-op); otherwise rethrow.
            if (await this.GetRunAsync(request.RunId, CancellationToken.None).ConfigureAwait(false) is { } raced)
            {
                return raced;
            }

            throw;
        }

        return await this.GetRunAsync(request.RunId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The run orchestration was scheduled but cannot be read back.");
    }

    /// <inheritdoc/>
    public Task RaiseRunEventAsync(string runId, string eventName, object? payload, CancellationToken cancellationToken) =>
        DurableClientScope.Current.RaiseEventAsync(runId, eventName, payload, cancellationToken);

    /// <inheritdoc/>
    public async Task<RunInstanceStatus?> GetRunAsync(string runId, CancellationToken cancellationToken)
    {
        OrchestrationMetadata? metadata = await DurableClientScope.Current.GetInstanceAsync(runId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
        return metadata is null
            ? null
            : new RunInstanceStatus(runId, metadata.RuntimeStatus.ToString(), metadata.CreatedAt, metadata.LastUpdatedAt, metadata.FailureDetails?.ErrorMessage);
    }

    /// <inheritdoc/>
    public Task SignalWorkspaceAsync(string workspaceKey, string operation, object? input, CancellationToken cancellationToken) =>
        DurableClientScope.Current.Entities.SignalEntityAsync(WorkspaceEntity.IdFor(workspaceKey), operation, input, null, cancellationToken);

    /// <inheritdoc/>
    public async Task<WorkspaceState?> GetWorkspaceAsync(string workspaceKey, CancellationToken cancellationToken)
    {
        EntityMetadata<WorkspaceState>? metadata = await DurableClientScope.Current.Entities.GetEntityAsync<WorkspaceState>(WorkspaceEntity.IdFor(workspaceKey), includeState: true, cancellationToken).ConfigureAwait(false);
        return metadata?.State;
    }

    /// <inheritdoc/>
    public Task SignalAgentSlotsAsync(string companyId, string agentId, string operation, object? input, CancellationToken cancellationToken) =>
        DurableClientScope.Current.Entities.SignalEntityAsync(AgentSlotsEntity.IdFor(companyId, agentId), operation, input, null, cancellationToken);

    /// <inheritdoc/>
    public async Task<AgentSlotsState?> GetAgentSlotsAsync(string companyId, string agentId, CancellationToken cancellationToken) =>
        (await DurableClientScope.Current.Entities.GetEntityAsync<AgentSlotsState>(AgentSlotsEntity.IdFor(companyId, agentId), includeState: true, cancellationToken).ConfigureAwait(false))?.State;

    /// <inheritdoc/>
    public Task CheckHealthAsync(CancellationToken cancellationToken) =>
        DurableClientScope.Current.GetInstanceAsync("health-probe", getInputsAndOutputs: false, cancellationToken);
}
