namespace Paperclip.Core.Domain;

/// <summary>One wake of an agent: prepare, execute and finalize in the issue's execution workspace.</summary>
public sealed record Run(
    Guid Id,
    Guid CompanyId,
    Guid AgentId,
    Guid IssueId,
    Guid ExecutionWorkspaceId,
    RunStatus Status,
    string WakeReason,
    int? ExitCode,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The last 4,096 characters the agent wrote to stdout.</summary>
    public string? StdoutExcerpt { get; init; }

    /// <summary>The last 4,096 characters the agent wrote to stderr.</summary>
    public string? StderrExcerpt { get; init; }

    /// <summary>Bytes in the run's log (<c>GET …/runs/{id}/log</c>).</summary>
    public long LogBytes { get; init; }

    /// <summary>When an operator asked to cancel the run; the executing host kills the agent within about a second.</summary>
    public DateTimeOffset? CancelRequestedAt { get; init; }

    /// <summary>What woke the run (upstream's invocation source: on_demand, assignment, automation, timer).</summary>
    public string Source { get; init; } = "on_demand";

    /// <summary>A stable code for <see cref="Error"/> when the control plane failed the run (e.g. <c>process_lost</c>).</summary>
    public string? ErrorCode { get; init; }

    /// <summary>The comment whose posting (or mention) woke the run.</summary>
    public Guid? WakeCommentId { get; init; }

    /// <summary>The lost run this run retries, when it is the automatic retry.</summary>
    public Guid? RetryOfRunId { get; init; }

    /// <summary>The wakeup request that queued this run.</summary>
    public Guid? WakeupRequestId { get; init; }

    /// <summary>The agent's maxConcurrentRuns when the run was woken (its runs beyond that wait for a slot).</summary>
    public int MaxConcurrentRuns { get; init; } = 1;

    /// <summary>Wakes merged into this run while it was queued (same agent and issue).</summary>
    public int CoalescedCount { get; init; }

    /// <summary>The host instance whose watcher runs the agent's process (see <see cref="HostLease"/>).</summary>
    public string? HostId { get; init; }

    /// <summary>The agent's process id on <see cref="HostId"/>'s machine, while it runs.</summary>
    public int? ProcessId { get; init; }

    /// <summary>When the durable timer for the agent's <c>timeoutSec</c> fired; the watcher kills the agent.</summary>
    public DateTimeOffset? TimedOutAt { get; init; }

    /// <summary>When the agent's process ended (or was found gone) and execute's outcome was recorded.</summary>
    public DateTimeOffset? ExitedAt { get; init; }

    /// <summary>Execute's outcome as reported to the orchestration (kept so a lost report can be repeated).</summary>
    public Runs.PhaseOutcome? ExitReport { get; init; }

    /// <summary>True once the run reached a status it never leaves.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsTerminal => this.Status.IsTerminal();
}
