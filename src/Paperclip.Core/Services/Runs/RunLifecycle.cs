using Microsoft.Extensions.Options;
using Paperclip.Core.Auth;
using Paperclip.Core.Domain;
using Paperclip.Core.Errors;
using Paperclip.Core.Ports;
using Paperclip.Core.Runs;
using Paperclip.Core.Services.Issues;

namespace Paperclip.Core.Services.Runs;

/// <summary>
/// The work of a run's three phases; the durable activities only delegate here. Each phase writes its
/// workspace operation row running, does its work, then writes the outcome. A row that cannot be written
/// throws, which fails the activity: the ledger never silently misses a phase. Every step is keyed by run id,
/// so an activity delivered twice rewrites the same rows.
/// </summary>
public sealed class RunLifecycle(
    IRunRepository runs,
    IAgentRepository agents,
    IAgentKeyRepository keys,
    IWorkspaceOperationRepository operations,
    IEnumerable<IAgentAdapter> adapters,
    IOptions<PaperclipOptions> options,
    DependencyService dependencies,
    TimeProvider time)
{
    /// <summary>How long a run-scoped key lives when the agent has no timeout (it is revoked at exit anyway).</summary>
    public const int DefaultRunKeyLifetimeSec = 24 * 3600;

    /// <summary>worktree_prepare: creates the issue's workspace directory and marks the run running. Returns its path.</summary>
    public async Task<string> PrepareAsync(RunRequest request, CancellationToken cancellationToken)
    {
        (Guid companyId, Guid runId) = Ids(request);
        return await this.PhaseAsync(request, WorkspacePhases.WorktreePrepare, async () =>
        {
            string cwd = this.WorkspacePath(request);
            Directory.CreateDirectory(cwd);
            DateTimeOffset now = time.GetUtcNow();
            await RunUpdates.ApplyAsync(runs, companyId, runId, r => r.IsTerminal ? r : r with { Status = RunStatus.Running, StartedAt = r.StartedAt ?? now, UpdatedAt = now }, cancellationToken).ConfigureAwait(false);
            return (cwd, (int?)null, (string?)null);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>execute: runs the agent through its adapter and records the outcome on the run.</summary>
    public async Task<ExecutionOutcome> ExecuteAsync(RunRequest request, string workingDirectory, CancellationToken cancellationToken)
    {
        (Guid companyId, Guid runId) = Ids(request);
        return await this.PhaseAsync(request, WorkspacePhases.Execute, async () =>
        {
            Agent? agent = (await agents.GetAsync(companyId, Guid.Parse(request.AgentId), cancellationToken).ConfigureAwait(false))?.Value;
            ExecutionOutcome outcome;
            if (agent is null)
            {
                outcome = ExecutionOutcome.Failed("The agent no longer exists.");
            }
            else if ((await runs.GetAsync(companyId, runId, cancellationToken).ConfigureAwait(false))?.Value.CancelRequestedAt is not null)
            {
                outcome = ExecutionOutcome.CancelledByRequest();
            }
            else if (adapters.FirstOrDefault(a => a.AdapterType == agent.AdapterType) is not { } adapter)
            {
                outcome = ExecutionOutcome.Failed($"No adapter for adapterType '{agent.AdapterType}'.");
            }
            else
            {
                outcome = await this.RunAgentAsync(agent, adapter, request, workingDirectory, cancellationToken).ConfigureAwait(false);
            }

            DateTimeOffset now = time.GetUtcNow();
            await RunUpdates.ApplyAsync(runs, companyId, runId, r => r with
            {
                ExitCode = outcome.ExitCode,
                Error = outcome.Error,
                StdoutExcerpt = outcome.StdoutExcerpt,
                StderrExcerpt = outcome.StderrExcerpt,
                LogBytes = outcome.LogBytes,
                UpdatedAt = now,
            }, cancellationToken).ConfigureAwait(false);
            return (outcome, outcome.ExitCode, outcome.Succeeded ? null : outcome.Error ?? $"exit code {outcome.ExitCode}");
        }, cancellationToken, failWhen: o => !o.Succeeded, decorate: (row, o) => row with { StdoutExcerpt = o.StdoutExcerpt, StderrExcerpt = o.StderrExcerpt }).ConfigureAwait(false);
    }

    /// <summary>
    /// workspace_finalize: records the barrier row, then the run's terminal status and the agent's status
    /// (idle after success, error after failure; paused and terminated agents are left alone).
    /// </summary>
    public async Task<RunStatus> FinalizeAsync(RunRequest request, ExecutionOutcome? outcome, string? failure, CancellationToken cancellationToken)
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
            await this.PhaseAsync(request, WorkspacePhases.WorkspaceFinalize, () => Task.FromResult((0, (int?)null, (string?)null)), cancellationToken).ConfigureAwait(false);
        }
        catch (LedgerWriteException ex)
        {
            // Finalize failed: the run fails with the reason, and the barrier stays down (dependents stay blocked).
            (status, failure, finalized) = (RunStatus.Failed, ex.Message, false);
        }

        DateTimeOffset now = time.GetUtcNow();
        await RunUpdates.ApplyAsync(runs, companyId, runId, r => r.IsTerminal ? r : r with
        {
            Status = status,
            Error = failure ?? r.Error,
            FinishedAt = now,
            UpdatedAt = now,
        }, cancellationToken).ConfigureAwait(false);
        await this.UpdateAgentAsync(companyId, Guid.Parse(request.AgentId), status, now, cancellationToken).ConfigureAwait(false);

        // The barrier just lifted: release dependents whose wake was held back because this workspace was not
        // finalized when their blocker became done. Idempotent, so a repeated finalize cannot wake twice.
        if (finalized)
        {
            await dependencies.TryWakeResolvedDependentsAsync(companyId, Guid.Parse(request.IssueId), cancellationToken).ConfigureAwait(false);
        }

        return status;
    }

    /// <summary>
    /// Runs the agent with a key for this run only, so it can call back (it never leaves this activity but for the
    /// agent's environment, and is revoked as soon as the agent exits), while watching for a cancel request.
    /// </summary>
    async Task<ExecutionOutcome> RunAgentAsync(Agent agent, IAgentAdapter adapter, RunRequest request, string workingDirectory, CancellationToken cancellationToken)
    {
        (Guid companyId, Guid runId) = Ids(request);
        Guid keyId = Guid.CreateVersion7();
        (string key, byte[] salt, byte[] hash) = ApiKeyFormat.Create(companyId, keyId);
        DateTimeOffset issued = time.GetUtcNow();
        AgentApiKey record = new(keyId, companyId, agent.Id, $"run {runId}", salt, hash, issued, null)
        {
            RunId = runId,
            ExpiresAt = issued + TimeSpan.FromSeconds(agent.AdapterConfig.TimeoutSec ?? DefaultRunKeyLifetimeSec) + TimeSpan.FromMinutes(5),
        };
        await keys.CreateAsync(record, cancellationToken).ConfigureAwait(false);
        using CancellationTokenSource cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task watch = this.WatchForCancelAsync(companyId, runId, cancel);
        try
        {
            RunExecutionContext context = new(companyId, runId, Guid.Parse(request.IssueId), agent.Id, workingDirectory, options.Value.PublicUrl) { ApiKey = key };
            return await adapter.ExecuteAsync(agent, context, cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The adapter killed the agent because the run was cancelled.
            return ExecutionOutcome.CancelledByRequest();
        }
        finally
        {
            await cancel.CancelAsync().ConfigureAwait(false);
            await watch.ConfigureAwait(false);
            await keys.SaveAsync(record with { RevokedAt = time.GetUtcNow() }, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>How often an executing run's row is checked for a cancel request.</summary>
    public static readonly TimeSpan CancelPollInterval = TimeSpan.FromSeconds(1);

    /// <summary>Cancels <paramref name="cancel"/> when the run row records a cancel request; ends when it is cancelled.</summary>
    async Task WatchForCancelAsync(Guid companyId, Guid runId, CancellationTokenSource cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(CancelPollInterval, time, cancel.Token).ConfigureAwait(false);
                if ((await runs.GetAsync(companyId, runId, cancel.Token).ConfigureAwait(false))?.Value.CancelRequestedAt is not null)
                {
                    await cancel.CancelAsync().ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                // Execute ended, or the cancel was delivered.
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A failed read (storage hiccup) must not end the watch or the run; the next tick reads again.
            }
        }
    }

    /// <summary>The workspace directory of the run: one plain directory per issue under the data directory.</summary>
    public string WorkspacePath(RunRequest request) =>
        Path.Combine(options.Value.DataDirectory, "workspaces", Guid.Parse(request.CompanyId).ToString("N"), Guid.Parse(request.ExecutionWorkspaceId).ToString("N"));

    async Task<T> PhaseAsync<T>(
        RunRequest request,
        string phase,
        Func<Task<(T Result, int? ExitCode, string? Error)>> work,
        CancellationToken cancellationToken,
        Func<T, bool>? failWhen = null,
        Func<WorkspaceOperation, T, WorkspaceOperation>? decorate = null)
    {
        (Guid companyId, Guid runId) = Ids(request);
        WorkspaceOperation row = new(companyId, runId, Guid.Parse(request.ExecutionWorkspaceId), phase, OperationStatus.Running, null, null, time.GetUtcNow(), null);
        await operations.WriteAsync(row, cancellationToken).ConfigureAwait(false);
        (T Result, int? ExitCode, string? Error) done;
        try
        {
            done = await work().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Record the failure, then let the activity fail. Only our own messages reach the row.
            string reason = ex is PaperclipException p ? p.Message : $"{phase} failed ({ex.GetType().Name}).";
            await operations.WriteAsync(row with { Status = OperationStatus.Failed, Error = reason, FinishedAt = time.GetUtcNow() }, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        bool failed = failWhen?.Invoke(done.Result) ?? false;
        WorkspaceOperation outcome = row with
        {
            Status = failed ? OperationStatus.Failed : OperationStatus.Succeeded,
            ExitCode = done.ExitCode,
            Error = failed ? done.Error : null,
            FinishedAt = time.GetUtcNow(),
        };
        outcome = decorate?.Invoke(outcome, done.Result) ?? outcome;
        try
        {
            await operations.WriteAsync(outcome, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The phase's outcome could not be recorded. Never leave the row "running" silently: try to record the
            // failure, and fail the activity either way so the run fails loudly with the reason.
            string reason = $"The {phase} outcome could not be written to the workspace operation ledger ({ex.GetType().Name}).";
            try
            {
                await operations.WriteAsync(outcome with { Status = OperationStatus.Failed, Error = reason }, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception again) when (again is not OperationCanceledException)
            {
                throw new LedgerWriteException(reason + " Recording the failure failed too.", again);
            }

            throw new LedgerWriteException(reason, ex);
        }

        return done.Result;
    }

    Task<Agent?> UpdateAgentAsync(Guid companyId, Guid agentId, RunStatus status, DateTimeOffset now, CancellationToken cancellationToken)
    {
        AgentStatus next = status is RunStatus.Succeeded or RunStatus.Cancelled ? AgentStatus.Idle : AgentStatus.Error;
        return OptimisticUpdate.ApplyAsync(
            ct => agents.GetAsync(companyId, agentId, ct),
            a => a.Status is AgentStatus.Paused or AgentStatus.Terminated ? a : a with { Status = next, LastHeartbeatAt = now, UpdatedAt = now },
            (agent, etag, ct) => agents.UpdateAsync(agent, etag, ct),
            cancellationToken);
    }

    static (Guid CompanyId, Guid RunId) Ids(RunRequest request) => (Guid.Parse(request.CompanyId), Guid.Parse(request.RunId));
}
