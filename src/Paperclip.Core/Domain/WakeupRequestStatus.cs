namespace Paperclip.Core.Domain;

/// <summary>What became of a wake (upstream's <c>agent_wakeup_requests.status</c>).</summary>
public enum WakeupRequestStatus
{
    /// <summary>A run was queued for it.</summary>
    Queued,

    /// <summary>Merged into a queued run of the same agent and issue.</summary>
    Coalesced,

    /// <summary>Held while another agent's run executes the issue; promoted to a run when that run ends.</summary>
    DeferredIssueExecution,

    /// <summary>The agent's heartbeat policy skipped it.</summary>
    Skipped,

    /// <summary>A deferred wake that could not be promoted.</summary>
    Failed,
}
