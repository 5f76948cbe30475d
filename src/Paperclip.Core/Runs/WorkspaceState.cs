namespace Paperclip.Core.Runs;

/// <summary>
/// State of one execution workspace's serializer: the admitted run and the runs waiting, in order.
/// Mutable because the durable entity runtime (de)serializes it in place.
/// </summary>
public sealed class WorkspaceState
{
    /// <summary>The run that holds the workspace, or null when it is free.</summary>
    public string? ActiveRunId { get; set; }

    /// <summary>Runs in line for the workspace, in the order they were woken (first come, first served).</summary>
    public List<string> Queue { get; set; } = [];

    /// <summary>Queued runs whose orchestration asked for the workspace and is waiting to be told it is admitted.</summary>
    public List<string> Waiting { get; set; } = [];

    /// <summary>The last run that released the workspace.</summary>
    public string? LastReleasedRunId { get; set; }

    /// <summary>How many runs this workspace admitted in total.</summary>
    public long AdmittedCount { get; set; }

    /// <summary>
    /// Puts a run in line when it is woken, so runs are admitted in wake order even if their orchestrations ask in
    /// another order. Idempotent.
    /// </summary>
    public void Enqueue(string runId)
    {
        if (this.ActiveRunId != runId && !this.Queue.Contains(runId))
        {
            this.Queue.Add(runId);
        }
    }

    /// <summary>
    /// A run's orchestration asks for the workspace. True when admitted: the workspace is free and the run is first in
    /// line (a run that was never enqueued joins the end of the line). Otherwise it waits to be told. Idempotent.
    /// </summary>
    public bool Admit(string runId)
    {
        if (this.ActiveRunId == runId)
        {
            return true;
        }

        this.Enqueue(runId);
        if (this.ActiveRunId is null && this.Queue[0] == runId)
        {
            this.Queue.RemoveAt(0);
            this.Waiting.Remove(runId);
            this.ActiveRunId = runId;
            this.AdmittedCount++;
            return true;
        }

        if (!this.Waiting.Contains(runId))
        {
            this.Waiting.Add(runId);
        }

        return false;
    }

    /// <summary>
    /// The run leaves: it releases the workspace if it held it, or leaves the line. Returns the run that is admitted as
    /// a result and must be told so (the first in line, if its orchestration is already waiting), else null.
    /// </summary>
    public string? Release(string runId)
    {
        if (this.ActiveRunId == runId)
        {
            this.ActiveRunId = null;
            this.LastReleasedRunId = runId;
        }
        else
        {
            this.Queue.Remove(runId);
            this.Waiting.Remove(runId);
        }

        return this.PromoteWaitingHead();
    }

    string? PromoteWaitingHead()
    {
        if (this.ActiveRunId is not null || this.Queue.Count == 0 || !this.Waiting.Contains(this.Queue[0]))
        {
            return null;
        }

        string next = this.Queue[0];
        this.Queue.RemoveAt(0);
        this.Waiting.Remove(next);
        this.ActiveRunId = next;
        this.AdmittedCount++;
        return next;
    }
}
