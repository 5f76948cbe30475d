using Paperclip.Core;
using Paperclip.Core.Domain;
using Paperclip.Core.Domain.Environments;
using Paperclip.Core.Errors;
using Paperclip.Core.Ports;
using Paperclip.Core.Runs;
using Paperclip.Core.Services;
using Paperclip.Core.Services.Environments;
using Paperclip.Core.Services.Runs;
using Paperclip.Core.Services.Workspaces;
using Paperclip.Runs.Execution;

namespace Paperclip.Runs.Lifecycle;

/// <summary>
/// Prepare and finalize, the phases around execute (<see cref="RunExecution"/>); the durable activities only
/// delegate here. Each phase is a row in the <see cref="WorkspaceLedger"/>. Every step is keyed by run id, so an
/// activity delivered twice rewrites the same rows.
/// </summary>
public sealed class RunLifecycle(
    IRunRepository runs,
    IAgentRepository agents,
    IIssueRepository issues,
    WorkspaceLedger ledger,
    ExecutionWorkspaceService workspaceService,
    IWorkspaceProvisioner provisioner,
    EnvironmentService environments,
    RunService runService,
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
    /// (idle after success, error after failure; paused and terminated agents are left alone), and says which wakes
    /// are owed (<see cref="FinalizeFollowUps"/>) without making them. A run whose process was lost fails with
    /// <c>process_lost</c>; its one retry, as upstream, is one of those follow-ups.
    /// </summary>
    public async Task<FinalizeOutcome> FinalizeAsync(RunRequest request, ExecutionOutcome? outcome, string? failure, CancellationToken cancellationToken)
    {
        (Guid companyId, Guid runId) = (request.CompanyId, request.RunId);
        RunStatus status = failure is not null ? RunStatus.Failed
            : outcome is { Cancelled: true } ? RunStatus.Cancelled
            : outcome is { TimedOut: true } ? RunStatus.TimedOut
            : outcome is { Succeeded: true } ? RunStatus.Succeeded
            : RunStatus.Failed;
        bool finalized = true;
        try
        {
            await ledger.RecordSucceededAsync(request, WorkspacePhases.WorkspaceFinalize, cancellationToken).ConfigureAwait(false);
        }
        catch (LedgerWriteException ex)
        {
            // Finalize failed: the run fails with the reason, and the barrier stays down (dependents stay blocked).
            (status, failure, finalized) = (RunStatus.Failed, ex.Message, false);
        }

        bool lost = failure is null && outcome is { Lost: true };
        DateTimeOffset now = time.GetUtcNow();
        Task<Run> recording = RunUpdates.ApplyAsync(runs, companyId, runId, r => r.IsTerminal ? r : r with
        {
            Status = status,
            Error = failure ?? r.Error,
            ErrorCode = lost ? ProcessLost.Code : r.ErrorCode,
            FinishedAt = now,
            UpdatedAt = now,
        }, cancellationToken);

        // What is owed next, found out (read after the barrier row, so an issue marked done meanwhile is either seen
        // here or sees the barrier lifted itself) but not done: the orchestration carries it out while the run still
        // holds the workspace. A dependent can be ready only once its blocker is done.
        // The agent's status is independent of the run row (it never counts this run as running): written side by side.
        Task<bool> deferred = runService.HasDeferredWakesAsync(companyId, request.IssueId, cancellationToken);
        Task<Versioned<Issue>?> issue = finalized ? issues.GetAsync(companyId, request.IssueId, cancellationToken) : Task.FromResult<Versioned<Issue>?>(null);
        Task<Agent?> agent = this.UpdateAgentAsync(companyId, request.AgentId, runId, status, now, cancellationToken);
        await Task.WhenAll(recording, deferred, issue, agent).ConfigureAwait(false);
        Run run = await recording.ConfigureAwait(false);
        FinalizeFollowUps followUps = new(
            PromoteDeferred: await deferred.ConfigureAwait(false),
            RetryLostRun: lost && run.RetryOfRunId is null,
            WakeDependents: (await issue.ConfigureAwait(false))?.Value.Status == IssueStatus.Done);
        return new FinalizeOutcome(status, finalized, followUps);
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
            if (await environments.ResolveForRunAsync(companyId, workspace.EnvironmentId, cancellationToken).ConfigureAwait(false) is { Driver: not EnvironmentDriver.Local } remote)
            {
                throw new PaperclipException(422, ErrorCodes.EnvironmentUnavailable, "Environment unavailable",
                    $"The run's environment '{remote.Name}' ({PaperclipJson.EnumValue(remote.Driver)}) cannot execute runs on this control plane yet; only local environments can.");
            }

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

    /// <summary>How recent an agent's lastHeartbeatAt may be for a finalize that would write the same status to leave it.</summary>
    public static readonly TimeSpan HeartbeatFreshness = TimeSpan.FromSeconds(1);

    /// <summary>As upstream: running while another of its runs still runs, else idle after success or cancel, error otherwise.</summary>
    async Task<Agent?> UpdateAgentAsync(Guid companyId, Guid agentId, Guid runId, RunStatus status, DateTimeOffset now, CancellationToken cancellationToken)
    {
        bool othersRunning = (await runs.ListRunningForAgentAsync(companyId, agentId, cancellationToken).ConfigureAwait(false)).Any(r => r.Id != runId);
        AgentStatus next = othersRunning ? AgentStatus.Running : status is RunStatus.Succeeded or RunStatus.Cancelled ? AgentStatus.Idle : AgentStatus.Error;
        return await OptimisticUpdate.ApplyAsync(
            ct => agents.GetAsync(companyId, agentId, ct),
            a => a.Status is AgentStatus.Paused or AgentStatus.Terminated ? a
                // Already so, as of a moment ago (another of its runs just finished): nothing to write, and nothing for
                // a burst of finalizes to race over.
                : a.Status == next && a.LastHeartbeatAt is { } last && now - last < HeartbeatFreshness ? a
                : a with { Status = next, LastHeartbeatAt = now, UpdatedAt = now },
            (agent, etag, ct) => agents.UpdateAsync(agent, etag, ct),
            cancellationToken).ConfigureAwait(false);
    }

}
