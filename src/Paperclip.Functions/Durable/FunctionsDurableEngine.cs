using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Entities;
using Paperclip.Core.Runs;
using Paperclip.Runs.Engine;
using Paperclip.Runs.Orchestration;

namespace Paperclip.Functions.Durable;

/// <summary>The durable engine port on the Functions durable client (bound per invocation, see <see cref="DurableClientScope"/>).</summary>
public sealed class FunctionsDurableEngine(TimeProvider time) : DurableEngineBase(time)
{
    /// <inheritdoc/>
    public override Task CheckHealthAsync(CancellationToken cancellationToken) =>
        DurableClientScope.Current.GetInstanceAsync("health-probe", getInputsAndOutputs: false, cancellationToken);

    /// <inheritdoc/>
    protected override Task ScheduleRunAsync(RunRequest request, CancellationToken cancellationToken) =>
        DurableClientScope.Current.ScheduleNewOrchestrationInstanceAsync(nameof(RunOrchestrator), request, new StartOrchestrationOptions(request.InstanceId), cancellationToken);

    /// <inheritdoc/>
    protected override Task ScheduleArchiveAsync(WorkspaceArchiveRequest request, CancellationToken cancellationToken) =>
        DurableClientScope.Current.ScheduleNewOrchestrationInstanceAsync(nameof(WorkspaceArchiveOrchestrator), request, new StartOrchestrationOptions(request.InstanceId), cancellationToken);

    /// <inheritdoc/>
    protected override async Task<RunInstanceStatus?> GetInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        OrchestrationMetadata? metadata = await DurableClientScope.Current.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
        return metadata is null
            ? null
            : new RunInstanceStatus(instanceId, RunRuntimeStatuses.Parse(metadata.RuntimeStatus.ToString()), metadata.CreatedAt, metadata.LastUpdatedAt, metadata.FailureDetails?.ErrorMessage);
    }

    /// <inheritdoc/>
    protected override Task RaiseAsync(string instanceId, string eventName, object payload, CancellationToken cancellationToken) =>
        DurableClientScope.Current.RaiseEventAsync(instanceId, eventName, payload, cancellationToken);

    /// <inheritdoc/>
    protected override Task SignalAsync(EntityInstanceId entity, string operation, object? input, CancellationToken cancellationToken) =>
        DurableClientScope.Current.Entities.SignalEntityAsync(entity, operation, input, null, cancellationToken);

    /// <inheritdoc/>
    protected override async Task<T?> GetStateAsync<T>(EntityInstanceId entity, CancellationToken cancellationToken)
        where T : class =>
        (await DurableClientScope.Current.Entities.GetEntityAsync<T>(entity, includeState: true, cancellationToken).ConfigureAwait(false))?.State;
}
