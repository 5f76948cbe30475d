namespace Paperclip.Runs.Entities;

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
    /// When the active run's hold on the workspace lapses unless renewed. The heartbeat renews the lease of a live run
    /// and releases the workspace from a run that vanished (terminal, or its orchestration gone) once it lapsed.
    /// </summary>
    public DateTimeOffset? LeaseExpiresAt { get; set; }

    /// <summary>Dependent issues waiting for this workspace's finalize to succeed before they can be woken.</summary>
    public List<string> FinalizeWaiters { get; set; } = [];

    /// <summary>How long a lease lasts from its grant or last renewal.</summary>
    public static readonly TimeSpan LeaseTtl = TimeSpan.FromMinutes(10);

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
    public bool Admit(string runId, DateTimeOffset? now = null)
    {
        if (this.ActiveRunId == runId)
        {
            return true;
        }

        this.Enqueue(runId);
        if (this.ActiveRunId is null && this.Queue[0] == runId)
        {
            this.Queue.RemoveAt(0);
            this.Grant(runId, now);
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
    public string? Release(string runId, DateTimeOffset? now = null)
    {
        if (this.ActiveRunId == runId)
        {
            this.ActiveRunId = null;
            this.LeaseExpiresAt = null;
            this.LastReleasedRunId = runId;
        }
        else
        {
            this.Queue.Remove(runId);
            this.Waiting.Remove(runId);
        }

        return this.PromoteWaitingHead(now);
    }

    /// <summary>Extends the active run's lease; false when <paramref name="runId"/> does not hold the workspace.</summary>
    public bool Renew(string runId, DateTimeOffset now)
    {
        if (this.ActiveRunId != runId)
        {
            return false;
        }

        this.LeaseExpiresAt = now + LeaseTtl;
        return true;
    }

    /// <summary>
    /// Releases the workspace from a vanished run whose lease lapsed (see <see cref="Release"/>); nothing when the run no
    /// longer holds it or its lease was renewed meanwhile.
    /// </summary>
    public string? ReleaseExpired(LeaseRelease request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return this.ActiveRunId == request.RunId && this.LeaseExpiresAt is { } expires && expires <= request.AsOf ? this.Release(request.RunId, request.AsOf) : null;
    }

    /// <summary>Registers a dependent issue that waits for this workspace's finalize. Idempotent.</summary>
    public void AddFinalizeWaiter(string issueId)
    {
        if (!this.FinalizeWaiters.Contains(issueId))
        {
            this.FinalizeWaiters.Add(issueId);
        }
    }

    /// <summary>
    /// The run's phases ended. When it holds the workspace and its finalize succeeded, the dependents waiting for that
    /// finalize are handed over. Then the workspace is released (see <see cref="Release"/>) — unless there are wakes to
    /// make first (the finalize's follow-ups, or those dependents): the run then keeps the workspace, its lease renewed,
    /// so no next run can start and lower the barrier before they are made, and releases it afterwards. A run that
    /// does not hold the workspace just leaves the line. Idempotent (a repeat finds the waiters already taken).
    /// </summary>
    public WorkspaceHandoffResult HandOff(WorkspaceHandoff request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (this.ActiveRunId != request.RunId)
        {
            return new WorkspaceHandoffResult(this.Release(request.RunId, now), [], Held: false);
        }

        List<string> waiters = [];
        if (request.Finalized)
        {
            (waiters, this.FinalizeWaiters) = (this.FinalizeWaiters, []);
        }

        if (request.HoldForFollowUps || waiters.Count > 0)
        {
            this.LeaseExpiresAt = now + LeaseTtl;
            return new WorkspaceHandoffResult(null, waiters, Held: true);
        }

        return new WorkspaceHandoffResult(this.Release(request.RunId, now), [], Held: false);
    }

    void Grant(string runId, DateTimeOffset? now)
    {
        this.Waiting.Remove(runId);
        this.ActiveRunId = runId;
        this.AdmittedCount++;
        this.LeaseExpiresAt = (now ?? DateTimeOffset.UtcNow) + LeaseTtl;
    }

    string? PromoteWaitingHead(DateTimeOffset? now)
    {
        if (this.ActiveRunId is not null || this.Queue.Count == 0 || !this.Waiting.Contains(this.Queue[0]))
        {
            return null;
        }

        string next = this.Queue[0];
        this.Queue.RemoveAt(0);
        this.Grant(next, now);
        return next;
    }
}
