using System.Text.Json;
using DurableTask.Core;
using DurableTask.Core.Entities;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Options;
using Paperclip.Core.Runs;
using Paperclip.Runs.Engine;
using Paperclip.Runs.Orchestration;
using Paperclip.Storage;

namespace Paperclip.Host.Durable;

/// <summary>
/// The durable engine port on the Durable Task Framework client. Its backend is the same storage as the tables, and
/// its client calls take no deadline of their own, so each is bounded by <see cref="TableStoreOptions.RequestTimeout"/>
/// like every other storage call (503 <c>storage_unavailable</c> when storage does not answer).
/// </summary>
public sealed class DtfxDurableEngine(DtfxRuntime runtime, IOptions<TableStoreOptions> storage, TimeProvider time) : DurableEngineBase(time)
{
    readonly TimeSpan deadline = storage.Value.RequestTimeout;

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
        _ = await this.Bounded(runtime.Client.GetOrchestrationStateAsync("health-probe"), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override bool SchedulingDedupes => true;

    /// <inheritdoc/>
    protected override Task ScheduleRunAsync(RunRequest request, CancellationToken cancellationToken) =>
        // Every status dedupes: a run id names exactly one orchestration, ever.
        this.Bounded(runtime.Client.CreateOrchestrationInstanceAsync(nameof(RunOrchestrator), string.Empty, request.InstanceId, request, null, AnyStatus), cancellationToken);

    /// <inheritdoc/>
    protected override Task ScheduleArchiveAsync(WorkspaceArchiveRequest request, CancellationToken cancellationToken) =>
        this.Bounded(runtime.Client.CreateOrchestrationInstanceAsync(nameof(WorkspaceArchiveOrchestrator), string.Empty, request.InstanceId, request, null, AnyStatus), cancellationToken);

    /// <inheritdoc/>
    protected override async Task<RunInstanceStatus?> GetInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        OrchestrationState? state = await this.Bounded(runtime.Client.GetOrchestrationStateAsync(instanceId), cancellationToken).ConfigureAwait(false);
        return state is null
            ? null
            : new RunInstanceStatus(instanceId, RunRuntimeStatuses.Parse(state.OrchestrationStatus.ToString()), state.CreatedTime, state.LastUpdatedTime,
                state.OrchestrationStatus == OrchestrationStatus.Failed ? state.FailureDetails?.ErrorMessage : null);
    }

    /// <inheritdoc/>
    protected override Task RaiseAsync(string instanceId, string eventName, object payload, CancellationToken cancellationToken) =>
        this.Bounded(runtime.Client.RaiseEventAsync(new OrchestrationInstance { InstanceId = instanceId }, eventName, payload), cancellationToken);

    /// <inheritdoc/>
    protected override Task SignalAsync(EntityInstanceId entity, string operation, object? input, CancellationToken cancellationToken)
    {
        EntityMessageEvent signal = ClientEntityHelpers.EmitOperationSignal(
            new OrchestrationInstance { InstanceId = new EntityId(entity.Name, entity.Key).ToString() },
            Guid.NewGuid(),
            operation,
            DtfxRuntime.SerializeEntityInput(input),
            null);
        return this.Bounded(runtime.Service.SendTaskOrchestrationMessageAsync(signal.AsTaskMessage()), cancellationToken);
    }

    /// <inheritdoc/>
    protected override async Task<T?> GetStateAsync<T>(EntityInstanceId entity, CancellationToken cancellationToken)
        where T : class
    {
        EntityBackendQueries queries = ((IEntityOrchestrationService)runtime.Service).EntityBackendQueries!;
        EntityBackendQueries.EntityMetadata? metadata = await this.Bounded(queries.GetEntityAsync(new EntityId(entity.Name, entity.Key), includeState: true, includeStateless: false, cancellationToken), cancellationToken).ConfigureAwait(false);
        return metadata?.SerializedState is { } json ? JsonSerializer.Deserialize<T>(json, StateJson) : null;
    }

    async Task Bounded(Task call, CancellationToken cancellationToken)
    {
        try
        {
            await call.WaitAsync(this.deadline, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            throw StorageDeadline.Error(this.deadline, ex);
        }
    }

    async Task<T> Bounded<T>(Task<T> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call.WaitAsync(this.deadline, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            throw StorageDeadline.Error(this.deadline, ex);
        }
    }
}
