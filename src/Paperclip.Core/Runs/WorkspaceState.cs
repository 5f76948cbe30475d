namespace Paperclip.Core.Runs;

/// <summary>
/// State of one execution workspace's serializer: the admitted run and the runs waiting, in order.
/// Mutable because the durable entity runtime (de)serializes it in place.
/// </summary>
public sealed class WorkspaceState
{
    /// <summary>The run that holds the workspace, or null when it is free.</summary>
    public string? ActiveRunId { get; set; }

    /// <summary>Runs waiting for the workspace, first come first served.</summary>
    public List<string> Queue { get; set; } = [];

    /// <summary>The last run that released the workspace.</summary>
    public string? LastReleasedRunId { get; set; }

    /// <summary>How many runs this workspace admitted in total.</summary>
    public long AdmittedCount { get; set; }

    /// <summary>
    /// Admits the run if the workspace is free (or already its own); else queues it once. True when admitted.
    /// Idempotent per run id, because entity messages can be delivered more than once.
    /// </summary>
    public bool Admit(string runId)
    {
        if (this.ActiveRunId == runId)
        {
            return true;
        }

        if (this.ActiveRunId is null)
        {
            this.ActiveRunId = runId;
            this.Queue.Remove(runId);
            this.AdmittedCount++;
            return true;
        }

        if (!this.Queue.Contains(runId))
        {
            this.Queue.Add(runId);
        }

        return false;
    }

    /// <summary>
    /// Releases the workspace held by the run and admits the next queued run, whose id is returned so the caller
    /// can tell it. Releasing a run that does not hold the workspace only drops it from the queue.
    /// </summary>
    public string? Release(string runId)
    {
        if (this.ActiveRunId != runId)
        {
            this.Queue.Remove(runId);
            return null;
        }

        this.LastReleasedRunId = runId;
        this.ActiveRunId = null;
        if (this.Queue.Count == 0)
        {
            return null;
        }

        string next = this.Queue[0];
        this.Queue.RemoveAt(0);
        this.ActiveRunId = next;
        this.AdmittedCount++;
        return next;
    }
}
