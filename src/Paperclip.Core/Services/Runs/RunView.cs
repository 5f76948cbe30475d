using Paperclip.Core.Domain;

namespace Paperclip.Core.Services.Runs;

/// <summary>A run as the API shows it: the run with its workspace operations in phase order.</summary>
public sealed record RunView(
    Guid Id,
    Guid CompanyId,
    RunStatus Status,
    Guid AgentId,
    Guid IssueId,
    Guid ExecutionWorkspaceId,
    string WakeReason,
    string Source,
    int CoalescedCount,
    int? ExitCode,
    string? Error,
    string? ErrorCode,
    Guid? RetryOfRunId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? StdoutExcerpt,
    string? StderrExcerpt,
    long LogBytes,
    IReadOnlyList<OperationView> Operations)
{
    /// <summary>The host instance whose watcher runs (or ran) the agent.</summary>
    public string? HostId { get; init; }

    /// <summary>The agent's process id on that host while it runs.</summary>
    public int? ProcessId { get; init; }

    /// <summary>Builds the view.</summary>
    public static RunView From(Run run, IReadOnlyList<WorkspaceOperation> operations) => new(
        run.Id, run.CompanyId, run.Status, run.AgentId, run.IssueId, run.ExecutionWorkspaceId, run.WakeReason, run.Source, run.CoalescedCount, run.ExitCode, run.Error, run.ErrorCode, run.RetryOfRunId,
        run.CreatedAt, run.StartedAt, run.FinishedAt, run.StdoutExcerpt, run.StderrExcerpt, run.LogBytes,
        operations.Select(o => new OperationView(o.Phase, o.Status, o.ExitCode, o.Error, o.StartedAt, o.FinishedAt, o.StdoutExcerpt, o.StderrExcerpt)).ToArray())
    {
        HostId = run.HostId,
        ProcessId = run.ProcessId,
    };
}
