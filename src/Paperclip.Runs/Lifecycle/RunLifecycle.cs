using Paperclip.Core;
using Paperclip.Core.Domain;
using Paperclip.Core.Domain.Environments;
using Paperclip.Core.Errors;
using Paperclip.Core.Ports;
using Paperclip.Core.Runs;
using Paperclip.Core.Secrets;
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
    IEnumerable<IRemoteWorkspaces> remotes,
    EnvironmentLeaseService leases,
    RunService runService,
    WorkspaceCommandStep commands,
    TimeProvider time)
{
    /// <summary>The run's error code when the merge refused a remote run's incoming tree (nothing was applied).</summary>
    public const string MergeRefusedCode = "workspace_merge_refused";

    /// <summary>
    /// worktree_prepare: realises the run's execution workspace (directory or git worktree), runs its strategy's provision
    /// command in a new (or not yet provisioned) worktree as its own <c>workspace_provision</c> row, and, when its
    /// environment is remote, syncs it out to the box. Returns where execute runs. The run stays queued until its agent
    /// starts (it may still wait for one of the agent's slots).
    /// </summary>
    public async Task<RunPlacement> PrepareAsync(RunRequest request, CancellationToken cancellationToken)
    {
        return await ledger.RecordAsync(request, WorkspacePhases.WorktreePrepare, () => this.RealiseWorkspaceAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// workspace_finalize: records the barrier row, then the run's terminal status and the agent's status
    /// (idle after success, error after failure; paused and terminated agents are left alone), and says which wakes
    /// are owed (<see cref="FinalizeFollowUps"/>) without making them. A run whose process was lost fails with
    /// <c>process_lost</c>; its one retry, as upstream, is one of those follow-ups.
    /// </summary>
    public async Task<FinalizeOutcome> FinalizeAsync(RunRequest request, ExecutionOutcome? outcome, string? failure, string? environmentId, CancellationToken cancellationToken)
    {
        (Guid companyId, Guid runId) = (request.CompanyId, request.RunId);
        RunStatus status = failure is not null ? RunStatus.Failed
            : outcome is { Cancelled: true } ? RunStatus.Cancelled
            : outcome is { TimedOut: true } ? RunStatus.TimedOut
            : outcome is { Succeeded: true } ? RunStatus.Succeeded
            : RunStatus.Failed;
        bool finalized = true;
        string? finalizeCode = null;
        EnvironmentLeaseCleanup cleanup = EnvironmentLeaseCleanup.Success;

        // Only a run that never executed can have failed its provision: then nothing went out to bring back, and the
        // workspace is not ready, so the barrier stays down (dependents and accepts wait) until a run provisions it.
        bool provisionFailed = failure is not null && outcome is null
            && (await ledger.FindAsync(companyId, runId, WorkspacePhases.WorkspaceProvision, cancellationToken).ConfigureAwait(false))?.Status == OperationStatus.Failed;
        // A run prepare placed in the built-in local environment has nothing to bring back and no lease: nothing to read.
        (ExecutionWorkspace Workspace, ExecutionEnvironment Environment)? placed = environmentId == ExecutionWorkspaceService.LocalEnvironmentId
            ? null
            : await this.FindEnvironmentAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            (string Error, string Code)? restore = provisionFailed
                ? await this.RecordUnprovisionedAsync(request, cancellationToken).ConfigureAwait(false)
                : await this.RestoreAndRecordAsync(request, placed, cancellationToken).ConfigureAwait(false);
            cleanup = restore is null || provisionFailed ? EnvironmentLeaseCleanup.Success : EnvironmentLeaseCleanup.Failed;
            if (restore is { } failed)
            {
                // The remote run's changes are not in the local workspace (or it was never provisioned): the run fails
                // with the reason, and the barrier stays down.
                (status, failure, finalizeCode, finalized) = (RunStatus.Failed, provisionFailed ? failure : failed.Error, failed.Code, false);
            }
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
            ErrorCode = lost ? ProcessLost.Code : finalizeCode ?? outcome?.ErrorCode ?? r.ErrorCode,
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
        Task released = placed is { } used
            ? leases.ReleaseAsync(companyId, used.Environment.Id, runId, status, failure ?? outcome?.Error, cleanup, cancellationToken)
            : Task.CompletedTask;
        await Task.WhenAll(recording, deferred, issue, agent, released).ConfigureAwait(false);
        Run run = await recording.ConfigureAwait(false);
        FinalizeFollowUps followUps = new(
            PromoteDeferred: await deferred.ConfigureAwait(false),
            RetryLostRun: lost && run.RetryOfRunId is null,
            WakeDependents: (await issue.ConfigureAwait(false))?.Value.IsTerminal == true);
        return new FinalizeOutcome(status, finalized, followUps);
    }

    /// <summary>
    /// workspace_finalize's row. For a run on a remote environment it first brings the run's changes back (the merge's
    /// report lands on the row); the row fails, with the reason returned, when they could not be brought back or the
    /// merge refused them. Any other run's finalize is nothing but its row.
    /// </summary>
    async Task<(string Error, string Code)?> RestoreAndRecordAsync(RunRequest request, (ExecutionWorkspace Workspace, ExecutionEnvironment Environment)? placed, CancellationToken cancellationToken)
    {
        if (placed is not ({ } workspace, { Driver: not EnvironmentDriver.Local } environment)
            || remotes.FirstOrDefault(r => r.Serves(environment.Driver)) is not { } handler)
        {
            await ledger.RecordSucceededAsync(request, WorkspacePhases.WorkspaceFinalize, cancellationToken).ConfigureAwait(false);
            return null;
        }

        WorkspaceOperation row = await ledger.BeginAsync(request, WorkspacePhases.WorkspaceFinalize, cancellationToken).ConfigureAwait(false);
        WorkspaceMergeReport? report = null;
        (string Error, string Code)? failed;
        try
        {
            SecretValue? key = await environments.ResolveKeyAsync(environment, request.RunId, cancellationToken).ConfigureAwait(false);
            report = await handler.RestoreAsync(new RemoteRun(request.CompanyId, request.RunId, workspace.Id, workspace.Cwd, environment, key), cancellationToken).ConfigureAwait(false);
            failed = report?.Refused is { } refused
                ? ($"The remote run's changes were not merged back ({refused.Code}): {refused.Message}", MergeRefusedCode)
                : null;
        }
        catch (PaperclipException ex)
        {
            failed = ($"The remote run's changes could not be brought back ({ex.Code}): {ex.Message}", ex.Code);
        }

        await ledger.EndAsync(row, failed is not null, null, failed?.Error, cancellationToken, r => r with { Merge = report }).ConfigureAwait(false);
        return failed;
    }

    /// <summary>workspace_finalize's row after a failed provision: failed, so the workspace reads as not finalized.</summary>
    async Task<(string Error, string Code)?> RecordUnprovisionedAsync(RunRequest request, CancellationToken cancellationToken)
    {
        const string Reason = "The workspace's provision command failed, so the workspace is not ready; it stays unfinalized until a run provisions it.";
        WorkspaceOperation row = await ledger.BeginAsync(request, WorkspacePhases.WorkspaceFinalize, cancellationToken).ConfigureAwait(false);
        await ledger.EndAsync(row, failed: true, null, Reason, cancellationToken).ConfigureAwait(false);
        return (Reason, ErrorCodes.WorkspaceProvisionFailed);
    }

    /// <summary>The run's workspace and the saved environment it executes in, or null (the built-in <c>local</c>, or gone).</summary>
    async Task<(ExecutionWorkspace Workspace, ExecutionEnvironment Environment)?> FindEnvironmentAsync(RunRequest request, CancellationToken cancellationToken)
    {
        Guid companyId = request.CompanyId;
        return await workspaceService.FindAsync(companyId, request.ExecutionWorkspaceId, cancellationToken).ConfigureAwait(false) is { } workspace
            && await environments.FindForFinalizeAsync(companyId, workspace.EnvironmentId, cancellationToken).ConfigureAwait(false) is { } environment
            ? (workspace, environment)
            : null;
    }

    async Task<RunPlacement> RealiseWorkspaceAsync(RunRequest request, CancellationToken cancellationToken)
    {
        Guid companyId = request.CompanyId;
        Guid workspaceId = request.ExecutionWorkspaceId;
        if (await workspaceService.FindAsync(companyId, workspaceId, cancellationToken).ConfigureAwait(false) is not { } workspace)
        {
            // A run woken before its workspace was recorded: the issue's plain directory, as then.
            return new RunPlacement(provisioner.EnsurePlainDirectory(workspaceService.DirectoryFor(companyId, "issues", workspaceId)), null, ExecutionWorkspaceService.LocalEnvironmentId);
        }

        try
        {
            ExecutionEnvironment? environment = await environments.ResolveForRunAsync(companyId, workspace.EnvironmentId, cancellationToken).ConfigureAwait(false);
            IRemoteWorkspaces? remote = null;
            if (environment is { Driver: not EnvironmentDriver.Local })
            {
                remote = remotes.FirstOrDefault(r => r.Serves(environment.Driver))
                    ?? throw new PaperclipException(422, ErrorCodes.EnvironmentUnavailable, "Environment unavailable",
                        $"The run's environment '{environment.Name}' ({PaperclipJson.EnumValue(environment.Driver)}) cannot execute runs on this control plane.");
            }

            if (environment is not null)
            {
                await leases.AcquireAsync(environment, workspace.Id, request.IssueId, request.RunId, null, cancellationToken).ConfigureAwait(false);
            }

            WorkspaceRealised realised = await provisioner.EnsureAsync(workspace, cancellationToken).ConfigureAwait(false);
            string cwd = realised.Cwd;
            DateTimeOffset? provisioned = null;
            if (workspace.Config?.ProvisionCommand is { } provision && (realised.Created || workspace.ProvisionedAt is null))
            {
                Dictionary<string, string> run = new(StringComparer.Ordinal)
                {
                    ["PAPERCLIP_RUN_ID"] = request.RunId.ToString("D"),
                    ["PAPERCLIP_AGENT_ID"] = request.AgentId.ToString("D"),
                };
                if (await commands.RunAsync(request.RunId, WorkspacePhases.WorkspaceProvision, workspace, provision, run, cancellationToken).ConfigureAwait(false) is { } failed)
                {
                    throw new PaperclipException(422, ErrorCodes.WorkspaceProvisionFailed, "Workspace provision failed", failed);
                }

                provisioned = time.GetUtcNow();
            }

            RunPlacement placement = remote is null ? new RunPlacement(cwd, null, workspace.EnvironmentId)
                : await this.PlaceRemotelyAsync(request, remote, new RemoteRun(companyId, request.RunId, workspace.Id, cwd, environment!, null), cancellationToken).ConfigureAwait(false);
            if (workspace.Status != ExecutionWorkspaceStatus.Active || provisioned is not null)
            {
                // Only a change of status or provisioning is written: the wake already recorded lastUsedAt.
                await workspaceService.MarkPreparedAsync(workspace, succeeded: true, cancellationToken, provisioned).ConfigureAwait(false);
            }

            return placement;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await workspaceService.MarkPreparedAsync(workspace, succeeded: false, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Syncs the workspace out for a remote run. A prepare delivered again after the agent started (its host recorded)
    /// must not rebuild the run's directory under it: execute's start then sees the agent running and starts nothing.
    /// </summary>
    async Task<RunPlacement> PlaceRemotelyAsync(RunRequest request, IRemoteWorkspaces remote, RemoteRun run, CancellationToken cancellationToken)
    {
        if ((await runs.GetAsync(request.CompanyId, request.RunId, cancellationToken).ConfigureAwait(false))?.Value is { HostId: not null })
        {
            return new RunPlacement(run.LocalDirectory, null, run.Environment.Id.ToString());
        }

        SecretValue? key = await environments.ResolveKeyAsync(run.Environment, request.RunId, cancellationToken).ConfigureAwait(false);
        RemotePlacement placed = await remote.PrepareAsync(run with { PrivateKey = key }, cancellationToken).ConfigureAwait(false);
        return new RunPlacement(placed.WorkingDirectory, placed.Target, run.Environment.Id.ToString());
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
