using Microsoft.DurableTask.Entities;
using Paperclip.Core.Runs;

namespace Paperclip.Runs.Entities;

/// <summary>
/// The serializer of one execution workspace: admits one run at a time, queues the others in arrival order.
/// Operations are idempotent per run id, because entity messages can be delivered more than once.
/// </summary>
public sealed class WorkspaceEntity : TaskEntity<WorkspaceState>
{
    /// <summary>The entity name (the durable runtime lower-cases it).</summary>
    public const string Name = "workspaceentity";

    /// <summary>The entity id of a workspace.</summary>
    public static EntityInstanceId IdFor(string workspaceKey) => new(Name, workspaceKey);

    /// <summary>Puts a woken run in line; see <see cref="WorkspaceState.Enqueue"/>.</summary>
    public void Enqueue(string runId) => this.State.Enqueue(runId);

    /// <summary>Admits the run or makes it wait; see <see cref="WorkspaceState.Admit"/>.</summary>
    public bool Admit(string runId) => this.State.Admit(runId);

    /// <summary>Releases the workspace (or leaves the line); returns the run to tell it is admitted. See <see cref="WorkspaceState.Release"/>.</summary>
    public string? Release(string runId) => this.State.Release(runId);

    /// <summary>Returns the state (for readers that call rather than read).</summary>
    public WorkspaceState Get() => this.State;

    /// <inheritdoc/>
    protected override WorkspaceState InitializeState(TaskEntityOperation entityOperation) => new();
}
