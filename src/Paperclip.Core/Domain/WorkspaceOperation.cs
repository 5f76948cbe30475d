namespace Paperclip.Core.Domain;

/// <summary>One row of the workspace operation ledger: a phase of a run in an execution workspace.</summary>
public sealed record WorkspaceOperation(
    Guid CompanyId,
    Guid RunId,
    Guid ExecutionWorkspaceId,
    string Phase,
    OperationStatus Status,
    int? ExitCode,
    string? Error,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt)
{
    /// <summary>The last 4,096 characters of the phase's stdout, if it ran a command.</summary>
    public string? StdoutExcerpt { get; init; }

    /// <summary>The last 4,096 characters of the phase's stderr, if it ran a command.</summary>
    public string? StderrExcerpt { get; init; }

    /// <summary>For a remote run's <c>workspace_finalize</c>: what the merge back did.</summary>
    public WorkspaceMergeReport? Merge { get; init; }
}
