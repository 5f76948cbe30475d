using Microsoft.DurableTask.Entities;
using Paperclip.Core.Ports;
using Paperclip.Core.Runs;
using Paperclip.Runs.Entities;
using Paperclip.Runs.Orchestration;

namespace Paperclip.Runs.Engine;

/// <summary>
/// The durable engine port, once for both hosts: what each typed operation is in the engine's terms (which entity,
/// which operation, which event, which payload). A host supplies only its client's five primitives.
/// </summary>
public abstract class DurableEngineBase(TimeProvider time) : IDurableEngine
{
    /// <inheritdoc/>
    public async Task<RunInstanceStatus> StartRunAsync(RunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!this.SchedulingDedupes && await this.GetRunAsync(request.RunId, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }

        try
        {
            await this.ScheduleRunAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The instance exists already (starting twice is a no-op; a deduping scheduler refuses, or a concurrent start
            // won the race): return it. Otherwise rethrow.
            if (await this.GetRunAsync(request.RunId, CancellationToken.None).ConfigureAwait(false) is { } raced)
            {
                return raced;
            }

            throw;
        }

        // Just scheduled: pending until a worker picks it up (not read back, which would cost a round trip per wake).
        DateTimeOffset now = time.GetUtcNow();
        return new RunInstanceStatus(request.InstanceId, RunRuntimeStatus.Pending, now, now, null);
    }

    /// <inheritdoc/>
    public async Task StartWorkspaceArchiveAsync(WorkspaceArchiveRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // In line first, as a woken run is: admission is in arrival order whenever the orchestration asks.
        await this.SignalAsync(WorkspaceEntity.IdFor(request.WorkspaceKey), nameof(WorkspaceState.Enqueue), request.InstanceId, cancellationToken).ConfigureAwait(false);
        await this.ScheduleArchiveAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task<RunInstanceStatus?> GetRunAsync(Guid runId, CancellationToken cancellationToken) =>
        this.GetInstanceAsync(RunRequest.InstanceIdOf(runId), cancellationToken);

    /// <inheritdoc/>
    public Task ReportExitAsync(Guid runId, PhaseOutcome report, CancellationToken cancellationToken) =>
        this.RaiseAsync(RunRequest.InstanceIdOf(runId), RunEvents.Exited, report, cancellationToken);

    /// <inheritdoc/>
    public Task ReportAdmittedAsync(Guid runId, CancellationToken cancellationToken) =>
        this.RaiseAsync(RunRequest.InstanceIdOf(runId), RunEvents.Admitted, RunRequest.InstanceIdOf(runId), cancellationToken);

    /// <inheritdoc/>
    public Task ReportSlotGrantedAsync(Guid runId, CancellationToken cancellationToken) =>
        this.RaiseAsync(RunRequest.InstanceIdOf(runId), RunEvents.SlotGranted, RunRequest.InstanceIdOf(runId), cancellationToken);

    /// <inheritdoc/>
    public Task EnqueueAtWorkspaceAsync(RunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return this.SignalAsync(WorkspaceEntity.IdFor(request.WorkspaceKey), nameof(WorkspaceState.Enqueue), request.InstanceId, cancellationToken);
    }

    /// <inheritdoc/>
    public Task ReleaseWorkspaceAsync(Guid companyId, Guid workspaceId, Guid runId, CancellationToken cancellationToken) =>
        this.SignalAsync(Workspace(companyId, workspaceId), nameof(WorkspaceState.Release), RunRequest.InstanceIdOf(runId), cancellationToken);

    /// <inheritdoc/>
    public Task RenewWorkspaceLeaseAsync(Guid companyId, Guid workspaceId, Guid holderRunId, CancellationToken cancellationToken) =>
        this.SignalAsync(Workspace(companyId, workspaceId), nameof(WorkspaceState.Renew), RunRequest.InstanceIdOf(holderRunId), cancellationToken);

    /// <inheritdoc/>
    public Task ReleaseExpiredWorkspaceLeaseAsync(Guid companyId, Guid workspaceId, string holder, DateTimeOffset now, CancellationToken cancellationToken) =>
        this.SignalAsync(Workspace(companyId, workspaceId), nameof(WorkspaceState.ReleaseExpired), new LeaseRelease(holder, now), cancellationToken);

    /// <inheritdoc/>
    public Task AddFinalizeWaiterAsync(Guid companyId, Guid workspaceId, Guid issueId, CancellationToken cancellationToken) =>
        this.SignalAsync(Workspace(companyId, workspaceId), nameof(WorkspaceState.AddFinalizeWaiter), issueId.ToString("D"), cancellationToken);

    /// <inheritdoc/>
    public async Task<WorkspaceLine?> GetWorkspaceAsync(Guid companyId, Guid workspaceId, CancellationToken cancellationToken) =>
        (await this.GetStateAsync<WorkspaceState>(Workspace(companyId, workspaceId), cancellationToken).ConfigureAwait(false)) is { } state
            ? new WorkspaceLine(state.ActiveRunId, state.Queue, state.LastReleasedRunId, state.AdmittedCount, state.LeaseExpiresAt, state.FinalizeWaiters)
            : null;

    /// <inheritdoc/>
    public Task ReleaseAgentSlotAsync(Guid companyId, Guid agentId, Guid runId, CancellationToken cancellationToken) =>
        this.SignalAsync(AgentSlotsEntity.IdFor(companyId, agentId), nameof(AgentSlotsState.Release), RunRequest.InstanceIdOf(runId), cancellationToken);

    /// <inheritdoc/>
    public async Task<AgentSlots?> GetAgentSlotsAsync(Guid companyId, Guid agentId, CancellationToken cancellationToken) =>
        (await this.GetStateAsync<AgentSlotsState>(AgentSlotsEntity.IdFor(companyId, agentId), cancellationToken).ConfigureAwait(false)) is { } state
            ? new AgentSlots(state.Active, state.Waiting, state.Limit)
            : null;

    /// <inheritdoc/>
    public abstract Task CheckHealthAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Signals any operation on any entity, outside the typed port: for tests and repair tools that must put an entity
    /// into a state the product never asks for (a holder that never existed, say).
    /// </summary>
    public Task SignalEntityOperationAsync(EntityInstanceId entity, string operation, object? input, CancellationToken cancellationToken) =>
        this.SignalAsync(entity, operation, input, cancellationToken);

    /// <summary>
    /// True when <see cref="ScheduleRunAsync"/> itself refuses an instance id that exists in any status (so no read is
    /// needed before it); false when scheduling could replace an ended instance, which is then looked for first.
    /// </summary>
    protected virtual bool SchedulingDedupes => false;

    /// <summary>Schedules the run orchestration (instance id = run id); may throw when it already exists.</summary>
    protected abstract Task ScheduleRunAsync(RunRequest request, CancellationToken cancellationToken);

    /// <summary>Schedules a workspace archive's orchestration (its ids are new each time).</summary>
    protected abstract Task ScheduleArchiveAsync(WorkspaceArchiveRequest request, CancellationToken cancellationToken);

    /// <summary>An orchestration's status, or null.</summary>
    protected abstract Task<RunInstanceStatus?> GetInstanceAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Raises an external event to an orchestration.</summary>
    protected abstract Task RaiseAsync(string instanceId, string eventName, object payload, CancellationToken cancellationToken);

    /// <summary>Signals (fire and forget) an entity operation.</summary>
    protected abstract Task SignalAsync(EntityInstanceId entity, string operation, object? input, CancellationToken cancellationToken);

    /// <summary>An entity's state, or null when it does not exist yet.</summary>
    protected abstract Task<T?> GetStateAsync<T>(EntityInstanceId entity, CancellationToken cancellationToken)
        where T : class;

    static EntityInstanceId Workspace(Guid companyId, Guid workspaceId) => WorkspaceEntity.IdFor(RunRequest.KeyOf(companyId, workspaceId));
}
