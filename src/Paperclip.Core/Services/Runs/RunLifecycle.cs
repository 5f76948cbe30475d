using Microsoft.Extensions.Logging;
using Paperclip.Core.Domain;
using Paperclip.Core.Ports;
using Paperclip.Core.Runs;
using Paperclip.Core.Services.Issues;
using Paperclip.Core.Services.Workspaces;

namespace Paperclip.Core.Services.Runs;

/// <summary>
/// Prepare and finalize, the phases around execute (<see cref="RunExecution"/>); the durable activities only
/// delegate here. Each phase is a row in the <see cref="WorkspaceLedger"/>. Every step is keyed by run id, so an
/// activity delivered twice rewrites the same rows.
/// </summary>
public sealed class RunLifecycle(
    IRunRepository runs,
    IAgentRepository agents,
    WorkspaceLedger ledger,
    ExecutionWorkspaceService workspaceService,
    IWorkspaceProvisioner provisioner,
    DependencyService dependencies,
    RunService runService,
    IDurableEngine engine,
    ILogger<RunLifecycle> logger,
    TimeProvider time)
{
    /// <summary>
    /// worktree_prepare: realises the run's execution workspace (directory or git worktree). Returns the working
    /// directory. The run stays queued until its agent starts (it may still wait for one of the agent's slots).
    /// </summary>
    public async Task<string> PrepareAsync(RunRequest request, CancellationToken cancellationToken)
    {
        return await ledger.RecordAsync(request, WorkspacePhases.WorktreePrepare, () => this.RealiseWorkspaceAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// workspace_finalize: records the barrier row, then the run's terminal status and the agent's status
    /// (idle after success, error after failure; paused and terminated agents are left alone). A run whose process was
    /// lost fails with <c>process_lost</c> and is retried once, as upstream.
    /// </summary>
    public async Task<FinalizeOutcome> FinalizeAsync(RunRequest request, ExecutionOutcome? outcome, string? failure, CancellationToken cancellationToken)
    {
        (Guid companyId, Guid runId) = Ids(request);
        RunStatus status = failure is not null ? RunStatus.Failed
            : outcome is { Cancelled: true } ? RunStatus.Cancelled
            : outcome is { TimedOut: true } ? RunStatus.TimedOut
            : outcome is { Succeeded: true } ? RunStatus.Succeeded
            : RunStatus.Failed;
        bool finalized = true;
        try
        {
            await ledger.RecordAsync(request, WorkspacePhases.WorkspaceFinalize, () => Task.FromResult(true), cancellationToken).ConfigureAwait(false);
        }
        catch (LedgerWriteException ex)
        {
            // Finalize failed: the run fails with the reason, and the barrier stays down (dependents stay blocked).
            (status, failure, finalized) = (RunStatus.Failed, ex.Message, false);
        }

        bool lost = failure is null && outcome is { Lost: true };
        DateTimeOffset now = time.GetUtcNow();
        Run run = await RunUpdates.ApplyAsync(runs, companyId, runId, r => r.IsTerminal ? r : r with
        {
            Status = status,
            Error = failure ?? r.Error,
            ErrorCode = lost ? HeartbeatService.ProcessLostCode : r.ErrorCode,
            FinishedAt = now,
            UpdatedAt = now,
        }, cancellationToken).ConfigureAwait(false);
        // The issue is free again: a wake deferred while this run executed it becomes a run now. The run already ended,
        // so a failure here must not fail finalize; the heartbeat promotes what was missed.
        try
        {
            await runService.PromoteDeferredAsync(companyId, run.IssueId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.DeferredPromotionFailed(logger, run.IssueId, ex);
        }
        if (lost)
        {
            await runService.RetryLostRunAsync(run, cancellationToken).ConfigureAwait(false);
        }

        await this.UpdateAgentAsync(companyId, request.AgentId, runId, status, now, cancellationToken).ConfigureAwait(false);

        // The barrier just lifted: release dependents whose wake was held back because this workspace was not
        // finalized when their blocker became done. Idempotent, so a repeated finalize cannot wake twice.
        if (finalized)
        {
            await dependencies.TryWakeResolvedDependentsAsync(companyId, request.IssueId, cancellationToken).ConfigureAwait(false);
        }

        // Ask the entity for its waiters only when it has any (its stored state, not a round trip through the engine); a
        // waiter that lands after this read is taken by the next finalize, and woken meanwhile by the heartbeat.
        bool hasWaiters = finalized
            && (await engine.GetWorkspaceAsync(request.CompanyId, request.ExecutionWorkspaceId, cancellationToken).ConfigureAwait(false))?.FinalizeWaiters.Count > 0;
        return new FinalizeOutcome(status, finalized, hasWaiters);
    }

    async Task<string> RealiseWorkspaceAsync(RunRequest request, CancellationToken cancellationToken)
    {
        Guid companyId = request.CompanyId;
        Guid workspaceId = request.ExecutionWorkspaceId;
        if (await workspaceService.FindAsync(companyId, workspaceId, cancellationToken).ConfigureAwait(false) is not { } workspace)
        {
            // A run woken before its workspace was recorded: the issue's plain directory, as then.
            return provisioner.EnsurePlainDirectory(workspaceService.DirectoryFor(companyId, "issues", workspaceId));
        }

        try
        {
            string cwd = await provisioner.EnsureAsync(workspace, cancellationToken).ConfigureAwait(false);
            if (workspace.Status != ExecutionWorkspaceStatus.Active)
            {
                // Only a change of status is written: the wake already recorded lastUsedAt.
                await workspaceService.MarkPreparedAsync(workspace, succeeded: true, cancellationToken).ConfigureAwait(false);
            }

            return cwd;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await workspaceService.MarkPreparedAsync(workspace, succeeded: false, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>As upstream: running while another of its runs still runs, else idle after success or cancel, error otherwise.</summary>
    async Task<Agent?> UpdateAgentAsync(Guid companyId, Guid agentId, Guid runId, RunStatus status, DateTimeOffset now, CancellationToken cancellationToken)
    {
        bool othersRunning = (await runs.ListActiveAsync(companyId, cancellationToken).ConfigureAwait(false))
            .Any(r => r.AgentId == agentId && r.Id != runId && r.Status == RunStatus.Running);
        AgentStatus next = othersRunning ? AgentStatus.Running : status is RunStatus.Succeeded or RunStatus.Cancelled ? AgentStatus.Idle : AgentStatus.Error;
        return await OptimisticUpdate.ApplyAsync(
            ct => agents.GetAsync(companyId, agentId, ct),
            a => a.Status is AgentStatus.Paused or AgentStatus.Terminated ? a : a with { Status = next, LastHeartbeatAt = now, UpdatedAt = now },
            (agent, etag, ct) => agents.UpdateAsync(agent, etag, ct),
            cancellationToken).ConfigureAwait(false);
    }

    static (Guid CompanyId, Guid RunId) Ids(RunRequest request) => (request.CompanyId, request.RunId);
}
