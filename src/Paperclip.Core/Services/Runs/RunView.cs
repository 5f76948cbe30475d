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

    /// <summary>For a run on a remote environment: what finalize merged back (its conflicts and refusal), as on its <c>workspace_finalize</c> operation.</summary>
    public WorkspaceMergeReport? Merge { get; init; }

    /// <summary>Builds the view.</summary>
    public static RunView From(Run run, IReadOnlyList<WorkspaceOperation> operations) => new(
        run.Id, run.CompanyId, run.Status, run.AgentId, run.IssueId, run.ExecutionWorkspaceId, run.WakeReason, run.Source, run.CoalescedCount, run.ExitCode, run.Error, run.ErrorCode, run.RetryOfRunId,
        run.CreatedAt, run.StartedAt, run.FinishedAt, run.StdoutExcerpt, run.StderrExcerpt, run.LogBytes,
        operations.Select(OperationView.From).ToArray())
    {
        HostId = run.HostId,
        ProcessId = run.ProcessId,
        Merge = operations.FirstOrDefault(o => o.Phase == WorkspacePhases.WorkspaceFinalize)?.Merge,
    };
}
