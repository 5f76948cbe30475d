using Microsoft.DurableTask.Entities;

namespace Paperclip.Runs.Entities;

/// <summary>
/// The serializer of one execution workspace: admits one run at a time, queues the others in arrival order.
/// Operations are idempotent per run id, because entity messages can be delivered more than once.
/// </summary>
public sealed class WorkspaceEntity(TimeProvider time) : TaskEntity<WorkspaceState>
{
    /// <summary>An entity on the system clock (entity operations are not replayed, so reading it here is safe).</summary>
    public WorkspaceEntity()
        : this(TimeProvider.System)
    {
    }

    /// <summary>The entity name (the durable runtime lower-cases it).</summary>
    public const string Name = "workspaceentity";

    /// <summary>The entity id of a workspace.</summary>
    public static EntityInstanceId IdFor(string workspaceKey) => new(Name, workspaceKey);

    /// <summary>Puts a woken run in line; see <see cref="WorkspaceState.Enqueue"/>.</summary>
    public void Enqueue(string runId) => this.State.Enqueue(runId);

    /// <summary>Admits the run or makes it wait; see <see cref="WorkspaceState.Admit"/>.</summary>
    public bool Admit(string runId) => this.State.Admit(runId, time.GetUtcNow());

    /// <summary>Releases the workspace (or leaves the line); returns the run to tell it is admitted. See <see cref="WorkspaceState.Release"/>.</summary>
    public string? Release(string runId) => this.State.Release(runId, time.GetUtcNow());

    /// <summary>Extends the holder's lease; see <see cref="WorkspaceState.Renew"/>.</summary>
    public bool Renew(string runId) => this.State.Renew(runId, time.GetUtcNow());

    /// <summary>Releases a vanished holder whose lease lapsed; see <see cref="WorkspaceState.ReleaseExpired"/>.</summary>
    public string? ReleaseExpired(LeaseRelease request) => this.State.ReleaseExpired(request);

    /// <summary>Registers a dependent waiting for finalize; see <see cref="WorkspaceState.AddFinalizeWaiter"/>.</summary>
    public void AddFinalizeWaiter(string issueId) => this.State.AddFinalizeWaiter(issueId);

    /// <summary>The run's phases ended: hands over finalize's waiters and releases or holds; see <see cref="WorkspaceState.HandOff"/>.</summary>
    public WorkspaceHandoffResult HandOff(WorkspaceHandoff request) => this.State.HandOff(request, time.GetUtcNow());

    /// <summary>Returns the state (for readers that call rather than read).</summary>
    public WorkspaceState Get() => this.State;

    /// <inheritdoc/>
    protected override WorkspaceState InitializeState(TaskEntityOperation entityOperation) => new();
}
