using Paperclip.Core.Domain;
using Paperclip.Core.Policies.Workspaces;

namespace Paperclip.Core.Services.Runs;

/// <summary>An execution workspace as the API shows it: its record (where runs execute) and its serializer's state.</summary>
public sealed record WorkspaceView(Guid Id, Guid CompanyId, string? ActiveRunId, IReadOnlyList<string> QueuedRunIds, string? LastReleasedRunId, long AdmittedCount)
{
    /// <summary>shared_workspace, isolated_workspace, operator_branch or agent_default.</summary>
    public IssueWorkspaceMode? Mode { get; init; }

    /// <summary>How the directory is realised.</summary>
    public WorkspaceStrategy? StrategyType { get; init; }

    /// <summary>local_fs or git_worktree.</summary>
    public string? ProviderType { get; init; }

    /// <summary>The project or issue it is named after.</summary>
    public string? Name { get; init; }

    /// <summary>active, cleanup_failed or archived.</summary>
    public ExecutionWorkspaceStatus? Status { get; init; }

    /// <summary>The working directory runs get.</summary>
    public string? Cwd { get; init; }

    /// <summary>The environment runs execute in.</summary>
    public string? EnvironmentId { get; init; }

    /// <summary>The worktree's branch.</summary>
    public string? BranchName { get; init; }

    /// <summary>What a new worktree's branch starts from (the strategy's baseRef).</summary>
    public string? BaseRef { get; init; }

    /// <summary>The persisted config: environment, and the strategy's provision and teardown commands.</summary>
    public WorkspaceConfig? Config { get; init; }

    /// <summary>When its provision command last succeeded (null until then, and again once archived).</summary>
    public DateTimeOffset? ProvisionedAt { get; init; }

    /// <summary>When it was archived (null while open).</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>The project, if any.</summary>
    public Guid? ProjectId { get; init; }

    /// <summary>The issue it was made for (isolated workspaces).</summary>
    public Guid? SourceIssueId { get; init; }

    /// <summary>The reused workspace this one replaced (environment conflict).</summary>
    public Guid? DerivedFromExecutionWorkspaceId { get; init; }

    /// <summary>When the active run's hold lapses unless the heartbeat renews it.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; init; }

    /// <summary>Dependent issues waiting for this workspace's finalize.</summary>
    public IReadOnlyList<string> FinalizeWaiterIssueIds { get; init; } = [];

    /// <summary><c>finalized</c>, <c>pending</c> or <c>failed</c>: the finalize barrier over its ledger.</summary>
    public string? FinalizeState { get; init; }

    /// <summary>Its latest ledger operation, if any.</summary>
    public Workspaces.LatestOperation? LatestOperation { get; init; }

    /// <summary>When a run last used it.</summary>
    public DateTimeOffset? LastUsedAt { get; init; }

    /// <summary>The view of a record and its serializer state (either may be missing, not both).</summary>
    public static WorkspaceView From(Guid id, Guid companyId, ExecutionWorkspace? workspace, Paperclip.Core.Runs.WorkspaceLine? state) =>
        new(id, companyId, state?.ActiveRunId, state?.QueuedRunIds ?? [], state?.LastReleasedRunId, state?.AdmittedCount ?? 0)
        {
            Mode = workspace?.Mode,
            StrategyType = workspace?.StrategyType,
            ProviderType = workspace?.ProviderType,
            Name = workspace?.Name,
            Status = workspace?.Status,
            Cwd = workspace?.Cwd,
            EnvironmentId = workspace?.EnvironmentId,
            BranchName = workspace?.BranchName,
            BaseRef = workspace?.BaseRef,
            Config = workspace?.Config,
            ProvisionedAt = workspace?.ProvisionedAt,
            ClosedAt = workspace?.ClosedAt,
            ProjectId = workspace?.ProjectId,
            SourceIssueId = workspace?.SourceIssueId,
            DerivedFromExecutionWorkspaceId = workspace?.DerivedFromExecutionWorkspaceId,
            LastUsedAt = workspace?.LastUsedAt,
            LeaseExpiresAt = state?.LeaseExpiresAt,
            FinalizeWaiterIssueIds = state?.FinalizeWaiterIssueIds ?? [],
        };
}
