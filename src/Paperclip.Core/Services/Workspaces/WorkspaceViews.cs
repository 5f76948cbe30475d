using Paperclip.Core.Auth;
using Paperclip.Core.Domain;
using Paperclip.Core.Errors;
using Paperclip.Core.Policies;
using Paperclip.Core.Ports;
using Paperclip.Core.Runs;
using Paperclip.Core.Services.Runs;

namespace Paperclip.Core.Services.Workspaces;

/// <summary>
/// What operators see of execution workspaces: the record, the serializer's state, the finalize barrier
/// (<c>finalizeState</c> and the latest operation) and the operation ledger. Company-scoped like every read.
/// </summary>
public sealed class WorkspaceViews(IExecutionWorkspaceRepository workspaces, IWorkspaceOperationRepository operations, IIssueRepository issues, IDurableEngine engine)
{
    /// <summary><c>GET …/workspaces/{id}</c> (404 when neither a record nor a serializer exists).</summary>
    public async Task<WorkspaceView> GetAsync(Caller caller, Guid companyId, Guid workspaceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        caller.EnsureCompany(companyId);
        Task<WorkspaceLine?> state = engine.GetWorkspaceAsync(companyId, workspaceId, cancellationToken);
        Task<Versioned<ExecutionWorkspace>?> record = workspaces.GetAsync(companyId, workspaceId, cancellationToken);
        Task<IReadOnlyList<WorkspaceOperation>> ledger = operations.ListForWorkspacesAsync(companyId, [workspaceId], cancellationToken);
        await Task.WhenAll(state, record, ledger).ConfigureAwait(false);
        return (await state.ConfigureAwait(false)) is null && (await record.ConfigureAwait(false)) is null
            ? throw PaperclipException.NotFound("Workspace")
            : WithBarrier(WorkspaceView.From(workspaceId, companyId, record.Result?.Value, state.Result), ledger.Result);
    }

    /// <summary>
    /// <c>GET …/workspaces?issueId=&amp;status=</c>: the company's workspaces, most recently used first; <paramref name="issueId"/>
    /// keeps those the issue runs in or was made for.
    /// </summary>
    public async Task<IReadOnlyList<WorkspaceView>> ListAsync(Caller caller, Guid companyId, Guid? issueId, ExecutionWorkspaceStatus? status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        caller.EnsureCompany(companyId);
        Guid? current = null;
        if (issueId is { } id)
        {
            Issue issue = (await issues.GetAsync(companyId, id, cancellationToken).ConfigureAwait(false))?.Value
                ?? throw PaperclipException.Validation("issueId", "does not name an issue of this company.");
            current = issue.ExecutionWorkspaceId;
        }

        ExecutionWorkspace[] selected = [.. (await workspaces.ListAsync(companyId, cancellationToken).ConfigureAwait(false))
            .Where(w => issueId is null || w.Id == current || w.SourceIssueId == issueId)
            .Where(w => status is null || w.Status == status)
            .OrderByDescending(w => w.LastUsedAt)
            .ThenByDescending(w => w.OpenedAt)];
        Task<IReadOnlyList<WorkspaceOperation>> ledger = operations.ListForWorkspacesAsync(companyId, [.. selected.Select(w => w.Id)], cancellationToken);
        WorkspaceLine?[] states = await Task.WhenAll(selected.Select(w => engine.GetWorkspaceAsync(companyId, w.Id, cancellationToken))).ConfigureAwait(false);
        ILookup<Guid, WorkspaceOperation> byWorkspace = (await ledger.ConfigureAwait(false)).ToLookup(o => o.ExecutionWorkspaceId);
        return [.. selected.Select((w, i) => WithBarrier(WorkspaceView.From(w.Id, companyId, w, states[i]), [.. byWorkspace[w.Id]]))];
    }

    /// <summary><c>GET …/workspaces/{id}/operations</c>: the ledger, oldest first.</summary>
    public async Task<IReadOnlyList<OperationView>> OperationsAsync(Caller caller, Guid companyId, Guid workspaceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        caller.EnsureCompany(companyId);
        Task<Versioned<ExecutionWorkspace>?> record = workspaces.GetAsync(companyId, workspaceId, cancellationToken);
        IReadOnlyList<WorkspaceOperation> ledger = await operations.ListForWorkspacesAsync(companyId, [workspaceId], cancellationToken).ConfigureAwait(false);
        return ledger.Count == 0 && await record.ConfigureAwait(false) is null
            ? throw PaperclipException.NotFound("Workspace")
            : [.. ledger.Order(FinalizeBarrier.Chronological).Select(OperationView.From)];
    }

    static WorkspaceView WithBarrier(WorkspaceView view, IReadOnlyList<WorkspaceOperation> ledger)
    {
        WorkspaceOperation? latest = FinalizeBarrier.Latest(ledger);
        WorkspaceOperation? barrier = FinalizeBarrier.Latest(ledger.Where(o => !WorkspacePhases.IsArchivePhase(o.Phase)));
        return view with
        {
            FinalizeState = barrier is null || FinalizeBarrier.IsFinalized(ledger) ? FinalizeStates.Finalized
                : barrier is { Phase: WorkspacePhases.WorkspaceFinalize, Status: OperationStatus.Failed } ? FinalizeStates.Failed
                : FinalizeStates.Pending,
            LatestOperation = latest is null ? null : new LatestOperation(latest.Phase, latest.Status, latest.RunId, latest.StartedAt, latest.FinishedAt),
        };
    }
}

/// <summary>A workspace's finalize barrier, as the API names it.</summary>
public static class FinalizeStates
{
    /// <summary>The latest operation is a succeeded finalize (or there is none): dependents and accepts may go.</summary>
    public const string Finalized = "finalized";

    /// <summary>A run is between prepare and finalize.</summary>
    public const string Pending = "pending";

    /// <summary>The latest finalize failed: the barrier stays down until a run's finalize succeeds.</summary>
    public const string Failed = "failed";
}

/// <summary>The latest operation of a workspace.</summary>
/// <param name="Phase">worktree_prepare, execute or workspace_finalize.</param>
/// <param name="Status">running, succeeded or failed.</param>
/// <param name="RunId">Its run.</param>
/// <param name="StartedAt">When it began.</param>
/// <param name="FinishedAt">When it ended, if it did.</param>
public sealed record LatestOperation(string Phase, OperationStatus Status, Guid RunId, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt);
