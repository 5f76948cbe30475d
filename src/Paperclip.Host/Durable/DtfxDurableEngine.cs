using System.Text.Json;
using DurableTask.Core;
using DurableTask.Core.Entities;
using Microsoft.DurableTask.Entities;
using Paperclip.Core.Runs;
using Paperclip.Runs.Engine;
using Paperclip.Runs.Orchestration;

namespace Paperclip.Host.Durable;

/// <summary>The durable engine port on the Durable Task Framework client.</summary>
public sealed class DtfxDurableEngine(DtfxRuntime runtime, TimeProvider time) : DurableEngineBase(time)
{
    static readonly OrchestrationStatus[] AnyStatus =
    [
        OrchestrationStatus.Pending, OrchestrationStatus.Running, OrchestrationStatus.Completed, OrchestrationStatus.ContinuedAsNew,
        OrchestrationStatus.Failed, OrchestrationStatus.Canceled, OrchestrationStatus.Terminated, OrchestrationStatus.Suspended,
    ];

    static readonly JsonSerializerOptions StateJson = new() { PropertyNameCaseInsensitive = true };

    /// <inheritdoc/>
    public override async Task CheckHealthAsync(CancellationToken cancellationToken)
    {
        if (!runtime.IsRunning)
        {
            throw new InvalidOperationException("The durable worker is not running.");
        }

        // A read against the backend's instance store proves the task hub answers.
        _ = await runtime.Client.GetOrchestrationStateAsync("health-probe").WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override bool SchedulingDedupes => true;

    /// <inheritdoc/>
    protected override Task ScheduleRunAsync(RunRequest request, CancellationToken cancellationToken) =>
        // Every status dedupes: a run id names exactly one orchestration, ever.
        runtime.Client.CreateOrchestrationInstanceAsync(nameof(RunOrchestrator), string.Empty, request.InstanceId, request, null, AnyStatus).WaitAsync(cancellationToken);

    /// <inheritdoc/>
    protected override async Task<RunInstanceStatus?> GetInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        OrchestrationState? state = await runtime.Client.GetOrchestrationStateAsync(instanceId).WaitAsync(cancellationToken).ConfigureAwait(false);
        return state is null
            ? null
            : new RunInstanceStatus(instanceId, RunRuntimeStatuses.Parse(state.OrchestrationStatus.ToString()), state.CreatedTime, state.LastUpdatedTime,
                state.OrchestrationStatus == OrchestrationStatus.Failed ? state.FailureDetails?.ErrorMessage : null);
    }

    /// <inheritdoc/>
    protected override Task RaiseAsync(string instanceId, string eventName, object payload, CancellationToken cancellationToken) =>
        runtime.Client.RaiseEventAsync(new OrchestrationInstance { InstanceId = instanceId }, eventName, payload).WaitAsync(cancellationToken);

    /// <inheritdoc/>
    protected override Task SignalAsync(EntityInstanceId entity, string operation, object? input, CancellationToken cancellationToken)
    {
        EntityMessageEvent signal = ClientEntityHelpers.EmitOperationSignal(
            new OrchestrationInstance { InstanceId = new EntityId(entity.Name, entity.Key).ToString() },
            Guid.NewGuid(),
            operation,
            DtfxRuntime.SerializeEntityInput(input),
            null);
        return runtime.Service.SendTaskOrchestrationMessageAsync(signal.AsTaskMessage()).WaitAsync(cancellationToken);
    }

    /// <inheritdoc/>
    protected override async Task<T?> GetStateAsync<T>(EntityInstanceId entity, CancellationToken cancellationToken)
        where T : class
    {
        EntityBackendQueries queries = ((IEntityOrchestrationService)runtime.Service).EntityBackendQueries!;
        EntityBackendQueries.EntityMetadata? metadata = await queries.GetEntityAsync(new EntityId(entity.Name, entity.Key), includeState: true, includeStateless: false, cancellationToken).ConfigureAwait(false);
        return metadata?.SerializedState is { } json ? JsonSerializer.Deserialize<T>(json, StateJson) : null;
    }
}
