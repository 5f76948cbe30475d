using Paperclip.Core.Domain;

namespace Paperclip.Core.Services.Runs;

/// <summary>One workspace operation of a run, as the API shows it.</summary>
public sealed record OperationView(string Phase, OperationStatus Status, int? ExitCode, string? Error, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string? StdoutExcerpt, string? StderrExcerpt)
{
    /// <summary>For a remote run's <c>workspace_finalize</c>: what the merge back did (conflicts, refusal).</summary>
    public WorkspaceMergeReport? Merge { get; init; }

    /// <summary>The run it belongs to.</summary>
    public Guid RunId { get; init; }

    /// <summary>The view of a ledger row.</summary>
    public static OperationView From(WorkspaceOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return new(operation.Phase, operation.Status, operation.ExitCode, operation.Error, operation.StartedAt, operation.FinishedAt, operation.StdoutExcerpt, operation.StderrExcerpt) { Merge = operation.Merge, RunId = operation.RunId };
    }
}
