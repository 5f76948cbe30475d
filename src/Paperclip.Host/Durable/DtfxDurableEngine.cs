using System.Text.Json;
using DurableTask.Core;
using DurableTask.Core.Entities;
using DurableTask.Core.Exceptions;
using Paperclip.Core.Ports;
using Paperclip.Core.Runs;
using Paperclip.Runs.Entities;
using Paperclip.Runs.Orchestration;

namespace Paperclip.Host.Durable;

/// <summary>The durable engine port on the Durable Task Framework client.</summary>
public sealed class DtfxDurableEngine(DtfxRuntime runtime, TimeProvider time) : IDurableEngine
{
    static readonly OrchestrationStatus[] AnyStatus =
    [
        OrchestrationStatus.Pending, OrchestrationStatus.Running, OrchestrationStatus.Completed, OrchestrationStatus.ContinuedAsNew,
        OrchestrationStatus.Failed, OrchestrationStatus.Canceled, OrchestrationStatus.Terminated, OrchestrationStatus.Suspended,
    ];

    static readonly JsonSerializerOptions StateJson = new() { PropertyNameCaseInsensitive = true };

    /// <inheritdoc/>
    public async Task<RunInstanceStatus> StartRunAsync(RunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await this.GetRunAsync(request.RunId, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }

        try
        {
            // Every status dedupes: a run id names exactly one orchestration, ever.
            await runtime.Client.CreateOrchestrationInstanceAsync(nameof(RunOrchestrator), string.Empty, request.RunId, request, null, AnyStatus)
                .WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            // A concurrent start won; fall through and return its instance.
        }

        return await this.GetRunAsync(request.RunId, cancellationToken).ConfigureAwait(false)
            ?? new RunInstanceStatus(request.RunId, "Pending", time.GetUtcNow(), time.GetUtcNow(), null);
    }

    /// <inheritdoc/>
    public Task RaiseRunEventAsync(string runId, string eventName, object? payload, CancellationToken cancellationToken) =>
        runtime.Client.RaiseEventAsync(new OrchestrationInstance { InstanceId = runId }, eventName, payload ?? string.Empty).WaitAsync(cancellationToken);

    /// <inheritdoc/>
    public async Task<RunInstanceStatus?> GetRunAsync(string runId, CancellationToken cancellationToken)
    {
        OrchestrationState? state = await runtime.Client.GetOrchestrationStateAsync(runId).WaitAsync(cancellationToken).ConfigureAwait(false);
        return state is null
            ? null
            : new RunInstanceStatus(runId, state.OrchestrationStatus.ToString(), state.CreatedTime, state.LastUpdatedTime,
                state.OrchestrationStatus == OrchestrationStatus.Failed ? state.FailureDetails?.ErrorMessage : null);
    }

    /// <inheritdoc/>
    public Task SignalWorkspaceAsync(string workspaceKey, string operation, object? input, CancellationToken cancellationToken) =>
        this.SignalAsync(new EntityId(WorkspaceEntity.Name, workspaceKey), operation, input, cancellationToken);

    /// <inheritdoc/>
    public Task<WorkspaceState?> GetWorkspaceAsync(string workspaceKey, CancellationToken cancellationToken) =>
        this.GetStateAsync<WorkspaceState>(new EntityId(WorkspaceEntity.Name, workspaceKey), cancellationToken);

    /// <inheritdoc/>
    public Task SignalAgentSlotsAsync(string companyId, string agentId, string operation, object? input, CancellationToken cancellationToken) =>
        this.SignalAsync(SlotsId(companyId, agentId), operation, input, cancellationToken);

    /// <inheritdoc/>
    public Task<AgentSlotsState?> GetAgentSlotsAsync(string companyId, string agentId, CancellationToken cancellationToken) =>
        this.GetStateAsync<AgentSlotsState>(SlotsId(companyId, agentId), cancellationToken);

    static EntityId SlotsId(string companyId, string agentId)
    {
        Microsoft.DurableTask.Entities.EntityInstanceId instance = AgentSlotsEntity.IdFor(companyId, agentId);
        return new EntityId(instance.Name, instance.Key);
    }

    Task SignalAsync(EntityId id, string operation, object? input, CancellationToken cancellationToken)
    {
        EntityMessageEvent signal = ClientEntityHelpers.EmitOperationSignal(
            new OrchestrationInstance { InstanceId = id.ToString() },
            Guid.NewGuid(),
            operation,
            DtfxRuntime.SerializeEntityInput(input),
            null);
        return runtime.Service.SendTaskOrchestrationMessageAsync(signal.AsTaskMessage()).WaitAsync(cancellationToken);
    }

    async Task<T?> GetStateAsync<T>(EntityId id, CancellationToken cancellationToken)
        where T : class
    {
        EntityBackendQueries queries = ((IEntityOrchestrationService)runtime.Service).EntityBackendQueries!;
        EntityBackendQueries.EntityMetadata? metadata = await queries.GetEntityAsync(id, includeState: true, includeStateless: false, cancellationToken).ConfigureAwait(false);
        return metadata?.SerializedState is { } json ? JsonSerializer.Deserialize<T>(json, StateJson) : null;
    }

    /// <inheritdoc/>
    public async Task CheckHealthAsync(CancellationToken cancellationToken)
    {
        if (!runtime.IsRunning)
        {
            throw new InvalidOperationException("The durable worker is not running.");
        }

        // A read against the backend's instance store proves the task hub answers.
        _ = await runtime.Client.GetOrchestrationStateAsync("health-probe").WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
