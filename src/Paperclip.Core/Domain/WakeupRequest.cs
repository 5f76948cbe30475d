namespace Paperclip.Core.Domain;

/// <summary>
/// One wake of an agent and what became of it (upstream's <c>agent_wakeup_requests</c>): the run it queued or merged
/// into, a skip with its reason, or a deferral while another agent's run executes the issue.
/// </summary>
public sealed record WakeupRequest(
    Guid Id,
    Guid CompanyId,
    Guid AgentId,
    Guid? IssueId,
    string Source,
    string Reason,
    WakeupRequestStatus Status,
    string RequestedBy,
    DateTimeOffset RequestedAt)
{
    /// <summary>The run it queued, merged into, or was promoted to.</summary>
    public Guid? RunId { get; init; }

    /// <summary>Later wakes merged into this one while deferred.</summary>
    public int CoalescedCount { get; init; }

    /// <summary>The caller's idempotency key, if any.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>The comment that caused the wake, carried to the run a deferred wake becomes.</summary>
    public Guid? CommentId { get; init; }

    /// <summary>When it stopped waiting (queued a run, merged, skipped, failed).</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Why it failed or was skipped.</summary>
    public string? Error { get; init; }
}
