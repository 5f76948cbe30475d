using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Paperclip.Core;
using Paperclip.Core.Auth;
using Paperclip.Core.Domain;
using Paperclip.Core.Errors;
using Paperclip.Core.Ports;
using Paperclip.Core.Runs;
using Paperclip.Core.Secrets;
using Paperclip.Core.Services;
using Paperclip.Core.Services.Runs;
using Paperclip.Runs.Lifecycle;
using Paperclip.Runs.Orchestration;

namespace Paperclip.Runs.Execution;

/// <summary>
/// The execute phase under the watcher model. <see cref="StartAsync"/> (the activity) starts the agent under this
/// host's <see cref="RunWatcher"/> and returns; the watcher records the exit and raises <see cref="RunEvents.Exited"/>
/// to the orchestration. The orchestration's durable timer enforces <c>timeoutSec</c> through
/// <see cref="RequestTimeoutAsync"/>; cancel requests are read from the run row. A run whose host is gone is
/// reported lost (<see cref="TryReportLostAsync"/>), never started a second time.
/// </summary>
public sealed class RunExecution(
    IRunRepository runs,
    IAgentRepository agents,
    IAgentKeyRepository keys,
    Authenticator authenticator,
    IEnumerable<IAgentAdapter> adapters,
    IOrphanedAgents orphans,
    IHostLeaseRepository hosts,
    IDurableEngine engine,
    WorkspaceLedger ledger,
    SecretResolver secrets,
    RunWatcher watcher,
    HostIdentity host,
    IOptions<PaperclipOptions> options,
    ILogger<RunExecution> logger,
    TimeProvider time)
{
    /// <summary>How long a run-scoped key lives when the agent has no timeout (it is revoked at exit anyway).</summary>
    public const int DefaultRunKeyLifetimeSec = 24 * 3600;

    /// <summary>
    /// How long starting execute waits for an agent that exits at once: its outcome then returns with the activity
    /// instead of by event, which saves a round trip through the durable engine for quick commands.
    /// </summary>
    public static readonly TimeSpan QuickExitWindow = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a duplicate start waits for the other start's quick outcome (well past <see cref="QuickExitWindow"/>).</summary>
    static readonly TimeSpan DuplicateStartWait = TimeSpan.FromSeconds(5);

    /// <summary>How often a running agent's run row is checked for a cancel request or a fired timeout.</summary>
    public static readonly TimeSpan StopPollInterval = TimeSpan.FromSeconds(1);

    /// <summary>Starts the agent under the watcher, or ends execute at once when it cannot or must not run.</summary>
    public async Task<ExecuteStart> StartAsync(RunRequest request, RunPlacement placement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(placement);
        (Guid companyId, Guid runId) = (request.CompanyId, request.RunId);
        Task<Versioned<Run>?> readingRun = runs.GetAsync(companyId, runId, cancellationToken);
        Task<Versioned<Agent>?> readingAgent = agents.GetAsync(companyId, request.AgentId, cancellationToken);
        await Task.WhenAll(readingRun, readingAgent).ConfigureAwait(false);
        Versioned<Run> runRead = (await readingRun.ConfigureAwait(false)) ?? throw PaperclipException.NotFound("Run");
        Versioned<Agent>? agentRead = await readingAgent.ConfigureAwait(false);
        Run run = runRead.Value;
        Agent? agent = agentRead?.Value;
        int? timeoutSec = agent?.AdapterConfig.TimeoutSec;
        if (run.HostId is { } owner)
        {
            // This start is a redelivery: the agent was started before. Never start it twice.
            if (run.ExitedAt is not null || watcher.IsWatching(runId))
            {
                return ExecuteStart.Watching(timeoutSec);
            }

            HostLease? lease = owner == host.HostId ? null : await hosts.GetAsync(owner, cancellationToken).ConfigureAwait(false);
            if (lease is not null && lease.IsLive(time.GetUtcNow()))
            {
                return ExecuteStart.Watching(timeoutSec);
            }

            return ExecuteStart.Ended(await this.CompleteLostAsync(run, lease, cancellationToken).ConfigureAwait(false));
        }

        WorkspaceOperation row = await ledger.BeginAsync(request, WorkspacePhases.Execute, cancellationToken).ConfigureAwait(false);
        IAgentAdapter? adapter = agent is null ? null : adapters.FirstOrDefault(a => a.AdapterType == agent.AdapterType);
        ExecutionOutcome? ended = agent is null ? ExecutionOutcome.Failed("The agent no longer exists.")
            : run.CancelRequestedAt is not null ? ExecutionOutcome.CancelledByRequest()
            : adapter is null ? ExecutionOutcome.Failed($"No adapter for adapterType '{agent.AdapterType}'.")
            : null;
        if (ended is null)
        {
            // Claim the run for this host first (whoever finds it later knows whose watcher to ask about); it runs now.
            // The claim is ETag-guarded: of two deliveries of this start that both read the run unclaimed (at-least-once
            // delivery under load), one claims it and starts the agent, the other finds the claim and only watches.
            DateTimeOffset now = time.GetUtcNow();
            bool claimed = false;
            await RunUpdates.ApplyAsync(runs, companyId, runId, runRead, r =>
            {
                claimed = r.HostId is null;
                return claimed ? r with { HostId = host.HostId, Status = RunStatus.Running, StartedAt = r.StartedAt ?? now, UpdatedAt = now } : r;
            }, cancellationToken).ConfigureAwait(false);
            if (!claimed)
            {
                return await this.DuplicateStartAsync(request, timeoutSec, cancellationToken).ConfigureAwait(false);
            }

            ExitHandoff handoff = new();
            if (watcher.TryStart(runId, stop => this.WatchAsync(request, run, agent!, adapter!, row, placement, handoff, stop)))
            {
                // The agent shows running (as upstream) — written while the agent starts, and before finalize can follow.
                Task<Agent?> marking = this.MarkAgentRunningAsync(agentRead!, now, cancellationToken);
                PhaseOutcome? quick = await handoff.TryTakeAsync(QuickExitWindow, time).ConfigureAwait(false);
                await marking.ConfigureAwait(false);
                return quick is not null ? ExecuteStart.Ended(quick) : ExecuteStart.Watching(timeoutSec);
            }

            ended = ExecutionOutcome.ProcessLost("The host was stopping when the agent was to start.");
        }

        return ExecuteStart.Ended(await this.CompleteAsync(request, row, ended, CancellationToken.None).ConfigureAwait(false));
    }

    /// <summary>
    /// This start lost the claim to another delivery of itself, which is starting the agent. If that agent exits within
    /// the quick window, the other start returns the outcome and no event follows, and the orchestration may take this
    /// start's answer instead: so this one waits past the window for the recorded exit and answers the same. An exit
    /// not recorded by then comes by event (the agent outlived the window); the heartbeat repeats a lost report.
    /// </summary>
    async Task<ExecuteStart> DuplicateStartAsync(RunRequest request, int? timeoutSec, CancellationToken cancellationToken)
    {
        DateTimeOffset until = time.GetUtcNow() + DuplicateStartWait;
        while (true)
        {
            Run? current = (await runs.GetAsync(request.CompanyId, request.RunId, cancellationToken).ConfigureAwait(false))?.Value;
            if (current?.ExitReport is { } report)
            {
                return ExecuteStart.Ended(report);
            }

            if (time.GetUtcNow() >= until)
            {
                return ExecuteStart.Watching(timeoutSec);
            }

            await Task.Delay(QuickExitWindow, time, cancellationToken).ConfigureAwait(false);
        }
    }

    Task<Agent?> MarkAgentRunningAsync(Versioned<Agent> agent, DateTimeOffset now, CancellationToken cancellationToken) =>
        OptimisticUpdate.ApplyAsync(
            agent,
            ct => agents.GetAsync(agent.Value.CompanyId, agent.Value.Id, ct),
            a => a.Status is AgentStatus.Paused or AgentStatus.Terminated or AgentStatus.PendingApproval or AgentStatus.Running ? a : a with { Status = AgentStatus.Running, UpdatedAt = now },
            (a, etag, ct) => agents.UpdateAsync(a, etag, ct),
            cancellationToken);

    /// <summary>The orchestration's timer for the agent's timeoutSec fired: the watcher kills the agent and reports timed_out.</summary>
    public async Task RequestTimeoutAsync(RunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        (Guid companyId, Guid runId) = (request.CompanyId, request.RunId);
        DateTimeOffset now = time.GetUtcNow();
        await RunUpdates.ApplyAsync(runs, companyId, runId, r => r.IsTerminal || r.ExitedAt is not null || r.TimedOutAt is not null ? r : r with { TimedOutAt = now, UpdatedAt = now }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reports the run lost when the host running its agent is gone: this host without the run in its watcher, or
    /// another host whose lease expired or stopped. An agent process of a dead host on this machine is stopped, so it
    /// cannot keep changing the workspace under the retry. True when it reported.
    /// </summary>
    public async Task<bool> TryReportLostAsync(Run run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.HostId is not { } owner || run.ExitReport is not null || run.IsTerminal)
        {
            return false;
        }

        HostLease? lease = null;
        bool gone = owner == host.HostId
            ? !watcher.IsWatching(run.Id)
            : (lease = await hosts.GetAsync(owner, cancellationToken).ConfigureAwait(false)) is null || !lease.IsLive(time.GetUtcNow());

        // Read again after deciding: a watcher records the exit before it lets go of the run.
        Run? fresh = (await runs.GetAsync(run.CompanyId, run.Id, cancellationToken).ConfigureAwait(false))?.Value;
        if (!gone || fresh is null || fresh.ExitReport is not null || fresh.IsTerminal)
        {
            return false;
        }

        PhaseOutcome report = await this.CompleteLostAsync(fresh, lease, cancellationToken).ConfigureAwait(false);
        await engine.ReportExitAsync(fresh.Id, report, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Raises execute's recorded outcome again (the first report may have been lost with a storage hiccup).</summary>
    public Task RepeatReportAsync(Run run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.ExitReport is { } report
            ? engine.ReportExitAsync(run.Id, report, cancellationToken)
            : Task.CompletedTask;
    }

    /// <summary>
    /// The run's agent is gone with its host (<paramref name="lease"/>; null when it was this host): stops the agent if
    /// that host left it running on this machine, and records execute as failed (<c>process_lost</c>). Idempotent.
    /// </summary>
    async Task<PhaseOutcome> CompleteLostAsync(Run run, HostLease? lease, CancellationToken cancellationToken)
    {
        if (run.ExitReport is { } reported)
        {
            return reported;
        }

        if (run.ProcessId is { } pid && (lease?.MachineName ?? host.MachineName) == host.MachineName)
        {
            orphans.TryStop(pid, run.Id);
        }

        RunRequest request = RunService.ToRequest(run);
        WorkspaceOperation row = await ledger.FindAsync(run.CompanyId, run.Id, WorkspacePhases.Execute, cancellationToken).ConfigureAwait(false)
            ?? await ledger.BeginAsync(request, WorkspacePhases.Execute, cancellationToken).ConfigureAwait(false);
        Log.RunProcessLost(logger, run.Id, run.HostId);
        return await this.CompleteAsync(request, row, ExecutionOutcome.ProcessLost(ProcessLost.Message), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The watcher's work for one run: run the agent, record how it ended, report it (unless the start took it).</summary>
    async Task WatchAsync(RunRequest request, Run run, Agent agent, IAgentAdapter adapter, WorkspaceOperation row, RunPlacement placement, ExitHandoff handoff, CancellationToken hostStopping)
    {
        ExecutionOutcome outcome;
        try
        {
            outcome = await this.RunAgentAsync(run, agent, adapter, request, placement, hostStopping).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            outcome = ExecutionOutcome.Failed($"The agent could not be run ({ex.GetType().Name}).");
        }

        PhaseOutcome report;
        try
        {
            report = await this.CompleteAsync(request, row, outcome, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The run row could not be written: the orchestration still hears of the exit and fails the run with the reason.
            report = PhaseOutcome.From(outcome) with { LedgerFailure = $"Execute's outcome could not be recorded ({ex.GetType().Name})." };
        }

        handoff.Complete(report);
        if (handoff.ClaimForEvent())
        {
            await this.ReportAsync(request.RunId, report).ConfigureAwait(false);
        }
    }

    /// <summary>Records execute's outcome on the run and in the ledger. A ledger failure is carried in the report.</summary>
    async Task<PhaseOutcome> CompleteAsync(RunRequest request, WorkspaceOperation row, ExecutionOutcome outcome, CancellationToken cancellationToken)
    {
        (Guid companyId, Guid runId) = (request.CompanyId, request.RunId);
        PhaseOutcome report = PhaseOutcome.From(outcome);
        try
        {
            await ledger.EndAsync(row, !outcome.Succeeded, outcome.ExitCode, outcome.Error ?? $"exit code {outcome.ExitCode}", cancellationToken,
                r => r with { StdoutExcerpt = outcome.StdoutExcerpt, StderrExcerpt = outcome.StderrExcerpt }).ConfigureAwait(false);
        }
        catch (LedgerWriteException ex)
        {
            report = report with { LedgerFailure = ex.Message };
        }

        DateTimeOffset now = time.GetUtcNow();
        await RunUpdates.ApplyAsync(runs, companyId, runId, r => r.ExitReport is not null ? r : r with
        {
            ExitCode = outcome.ExitCode,
            Error = outcome.Error,
            StdoutExcerpt = outcome.StdoutExcerpt,
            StderrExcerpt = outcome.StderrExcerpt,
            LogBytes = outcome.LogBytes,
            ProcessId = null,
            ExitedAt = now,
            ExitReport = report,
            UpdatedAt = now,
        }, cancellationToken).ConfigureAwait(false);
        return report;
    }

    /// <summary>Tells the orchestration, retrying briefly; if every try fails, the heartbeat repeats the report later.</summary>
    async Task ReportAsync(Guid runId, PhaseOutcome report)
    {
        TimeSpan delay = TimeSpan.FromMilliseconds(500);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await engine.ReportExitAsync(runId, report, CancellationToken.None).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException && attempt < 5)
            {
                Log.ExitReportRetry(logger, runId, attempt, ex.GetType().Name);
                await Task.Delay(delay, time).ConfigureAwait(false);
                delay *= 2;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.ExitReportFailed(logger, runId, ex);
                return;
            }
        }
    }

    /// <summary>
    /// Runs the agent with a key for this run only, so it can call back (it exists only in memory and in the agent's
    /// environment, and is revoked as soon as the agent exits), while watching the run row for a stop request.
    /// </summary>
    async Task<ExecutionOutcome> RunAgentAsync(Run run, Agent agent, IAgentAdapter adapter, RunRequest request, RunPlacement placement, CancellationToken hostStopping)
    {
        (Guid companyId, Guid runId) = (request.CompanyId, request.RunId);
        Guid issueId = request.IssueId;

        // Bound secrets resolve here, in the process that starts the agent, straight into its environment: they never
        // pass through durable history, the run record or the log. Each resolution is audited; a failure fails the run.
        IReadOnlyDictionary<string, SecretValue> secretEnvironment;
        try
        {
            secretEnvironment = await secrets.ResolveAgentEnvAsync(agent, runId, issueId, hostStopping).ConfigureAwait(false);
        }
        catch (PaperclipException ex)
        {
            return ExecutionOutcome.Failed($"Secret resolution failed ({ex.Code}): {ex.Message}");
        }

        Guid keyId = Guid.CreateVersion7();
        (string key, byte[] salt, byte[] hash) = ApiKeyFormat.Create(companyId, keyId);
        DateTimeOffset issued = time.GetUtcNow();
        AgentApiKey record = new(keyId, companyId, agent.Id, $"run {runId}", salt, hash, issued, null)
        {
            RunId = runId,
            ExpiresAt = issued + TimeSpan.FromSeconds(agent.AdapterConfig.TimeoutSec ?? DefaultRunKeyLifetimeSec) + TimeSpan.FromMinutes(5),
        };
        await keys.CreateAsync(record, CancellationToken.None).ConfigureAwait(false);
        using CancellationTokenSource stop = CancellationTokenSource.CreateLinkedTokenSource(hostStopping);
        Task<StopReason> watch = this.WatchForStopAsync(companyId, runId, stop);
        CallbackRoute? bridge = null;
        try
        {
            RunExecutionContext context = new(companyId, runId, issueId, agent.Id, placement.WorkingDirectory, options.Value.AgentApiUrl)
            {
                Target = placement.Target,
                WakeReason = run.WakeReason,
                WakeCommentId = run.WakeCommentId,
                ApiKey = key,
                SecretEnvironment = secretEnvironment,
                ProcessStarted = (pid, ct) => RunUpdates.ApplyAsync(runs, companyId, runId, r => r.ExitedAt is null ? r with { ProcessId = pid } : r, ct),
            };
            if (placement.Target is ICallbackTarget callbacks)
            {
                // A remote agent calls back through its run's bridge, with a token of its own: the run's key stays here.
                try
                {
                    bridge = await callbacks.OpenCallbackAsync(new BridgeGrant(companyId, runId, request.ExecutionWorkspaceId, new SecretValue(key)), stop.Token).ConfigureAwait(false);
                    context = context with { ApiUrl = bridge.ApiUrl, ApiKey = bridge.Token.Reveal(), BridgeMode = bridge.Mode };
                }
                catch (PaperclipException ex) when (ex.Code == ErrorCodes.BridgeUnavailable)
                {
                    // A box that can reach the API still works as before; one that cannot sees its calls fail, not the run.
                    Log.NoBridge(logger, runId, ex.Message);
                }
            }

            ExecutionOutcome outcome;
            try
            {
                outcome = await adapter.ExecuteAsync(agent, context, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                outcome = ExecutionOutcome.StoppedOnRequest();
            }

            if (!outcome.Stopped)
            {
                return outcome;
            }

            // Why was it stopped? The host going down, or what the run row asked for.
            await stop.CancelAsync().ConfigureAwait(false);
            ExecutionOutcome why = hostStopping.IsCancellationRequested
                ? ExecutionOutcome.ProcessLost("The host stopped while the agent ran; the agent was stopped.")
                : await watch.ConfigureAwait(false) == StopReason.Timeout
                    ? ExecutionOutcome.TimedOutAfter(TimeSpan.FromSeconds(agent.AdapterConfig.TimeoutSec ?? 0))
                    : ExecutionOutcome.CancelledByRequest();
            return why with { StdoutExcerpt = outcome.StdoutExcerpt, StderrExcerpt = outcome.StderrExcerpt, LogBytes = outcome.LogBytes };
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await watch.ConfigureAwait(false);
            if (bridge is not null)
            {
                await bridge.DisposeAsync().ConfigureAwait(false);
            }

            await authenticator.RevokeAsync(record, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Cancels <paramref name="stop"/> when the run row records a cancel request or a fired timeout; says which.</summary>
    async Task<StopReason> WatchForStopAsync(Guid companyId, Guid runId, CancellationTokenSource stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(StopPollInterval, time, stop.Token).ConfigureAwait(false);
                Run? run = (await runs.GetAsync(companyId, runId, stop.Token).ConfigureAwait(false))?.Value;
                StopReason reason = run?.CancelRequestedAt is not null ? StopReason.Cancel : run?.TimedOutAt is not null ? StopReason.Timeout : StopReason.None;
                if (reason != StopReason.None)
                {
                    await stop.CancelAsync().ConfigureAwait(false);
                    return reason;
                }
            }
            catch (OperationCanceledException)
            {
                // Execute ended, or the host is stopping.
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A failed read (storage hiccup) must not end the watch or the run; the next tick reads again.
            }
        }

        return StopReason.None;
    }

    enum StopReason
    {
        None,
        Cancel,
        Timeout,
    }
}
