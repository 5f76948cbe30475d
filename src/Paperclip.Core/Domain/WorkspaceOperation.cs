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
    DateTimeOffset? FinishedAt);
