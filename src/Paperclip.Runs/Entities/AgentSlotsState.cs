using Paperclip.Core.Domain;
namespace Paperclip.Runs.Entities;

/// <summary>
/// State of one agent's run slots: at most <c>maxConcurrentRuns</c> of its runs execute at once (upstream's per-agent
/// limit); the others wait in the order they asked. A run asks only once its workspace admitted it, and a slot holder
/// never waits for a workspace, so the two serializers cannot deadlock. Mutable because the durable entity runtime
/// (de)serializes it in place; every operation is idempotent per run id.
/// </summary>
public sealed class AgentSlotsState
{
    /// <summary>Runs holding a slot.</summary>
    public List<string> Active { get; set; } = [];

    /// <summary>Runs waiting for a slot, first come first served.</summary>
    public List<string> Waiting { get; set; } = [];

    /// <summary>The agent's limit as of the latest request (it can change between runs).</summary>
    public int Limit { get; set; } = 1;

    /// <summary>Takes a slot if one is free (true), else waits in line to be told.</summary>
    public bool Acquire(SlotRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        this.Limit = Math.Clamp(request.MaxConcurrentRuns, HeartbeatPolicy.MinConcurrentRuns, HeartbeatPolicy.MaxConcurrentRunsLimit);
        if (this.Active.Contains(request.RunId))
        {
            return true;
        }

        if (this.Waiting.Count == 0 && this.Active.Count < this.Limit)
        {
            this.Active.Add(request.RunId);
            return true;
        }

        if (!this.Waiting.Contains(request.RunId))
        {
            this.Waiting.Add(request.RunId);
        }

        return false;
    }

    /// <summary>The run gives its slot back (or leaves the line); see <see cref="SlotRelease"/>.</summary>
    public SlotRelease Release(string runId)
    {
        bool wasHolding = this.Active.Remove(runId);
        this.Waiting.Remove(runId);
        List<string> promoted = [];
        while (this.Waiting.Count > 0 && this.Active.Count < this.Limit)
        {
            string next = this.Waiting[0];
            this.Waiting.RemoveAt(0);
            this.Active.Add(next);
            promoted.Add(next);
        }

        return new SlotRelease(promoted, wasHolding);
    }
}
