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

    /// <summary>Admits the run if the workspace is free (or already its own); else queues it once. True when admitted.</summary>
    public bool Admit(string runId)
    {
        WorkspaceState state = this.State;
        if (state.ActiveRunId == runId)
        {
            return true;
        }

        if (state.ActiveRunId is null)
        {
            state.ActiveRunId = runId;
            state.Queue.Remove(runId);
            state.AdmittedCount++;
            return true;
        }

        if (!state.Queue.Contains(runId))
        {
            state.Queue.Add(runId);
        }

        return false;
    }

    /// <summary>
    /// Releases the workspace held by the run and admits the next queued run, whose id is returned so the caller
    /// can tell it. Releasing a run that does not hold the workspace only drops it from the queue.
    /// </summary>
    public string? Release(string runId)
    {
        WorkspaceState state = this.State;
        if (state.ActiveRunId != runId)
        {
            state.Queue.Remove(runId);
            return null;
        }

        state.LastReleasedRunId = runId;
        state.ActiveRunId = null;
        if (state.Queue.Count == 0)
        {
            return null;
        }

        string next = state.Queue[0];
        state.Queue.RemoveAt(0);
        state.ActiveRunId = next;
        state.AdmittedCount++;
        return next;
    }

    /// <summary>Returns the state (for readers that call rather than read).</summary>
    public WorkspaceState Get() => this.State;

    /// <inheritdoc/>
    protected override WorkspaceState InitializeState(TaskEntityOperation entityOperation) => new();
}
