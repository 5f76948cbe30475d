using Paperclip.Core.Domain;
using Paperclip.Core.Ports;
using Paperclip.Core.Runs;
using Paperclip.Core.Services.Issues;
using Paperclip.Core.Services.Runs;
using Paperclip.Runs.Execution;

namespace Paperclip.Runs.Heartbeat;

/// <summary>
/// One heartbeat tick. It sweeps orphans — a run still queued or running whose orchestration is gone (never created,
/// failed or terminated) is marked failed and leaves its workspace's line, and a run whose orchestration waits for an
/// agent whose host is gone is reported lost to it — so no run stays "running" forever and no line stays stuck behind
/// it. And it nudges: a queued run the workspace has admitted, whose orchestration is still waiting (admitted by a
/// release nobody could announce), is told again, and so is an orchestration that has not heard of its agent's exit.
/// Telling twice is harmless.
/// </summary>
public sealed class HeartbeatService(
    ICompanyRepository companies,
    IAgentRepository agents,
    IRunRepository runs,
    IExecutionWorkspaceRepository workspaces,
    RunService runService,
    RunExecution execution,
    DependencyService dependencies,
    IDurableEngine engine,
    TimeProvider time)
{
    /// <summary>Runs younger than this are left alone: their orchestration may not be visible yet.</summary>
    public static readonly TimeSpan OrphanGrace = TimeSpan.FromMinutes(2);

    /// <summary>A queued run waiting this long has its admission re-announced if the workspace admitted it.</summary>
    public static readonly TimeSpan NudgeAfter = TimeSpan.FromSeconds(30);

    /// <summary>Workspaces unused for longer than this are not checked for lapsed leases.</summary>
    public static readonly TimeSpan LeaseSweepWindow = TimeSpan.FromDays(7);

    /// <summary>Runs one tick: timer wakes for agents whose interval elapsed, the orphan and lease sweeps, then reconciliation.</summary>
    public async Task<HeartbeatTickResult> TickAsync(CancellationToken cancellationToken)
    {
        (int recovered, int released, int reconciled) = (0, 0, 0);
        (int checkedAgents, int enqueued, int skipped) = (0, 0, 0);
        DateTimeOffset now = time.GetUtcNow();
        foreach (Company company in await companies.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (Agent agent in await agents.ListAsync(company.Id, cancellationToken).ConfigureAwait(false))
            {
                if (!agent.IsInvokable || !agent.Heartbeat.TimerActive)
                {
                    continue;
                }

                checkedAgents++;
                if (now - (agent.LastHeartbeatAt ?? agent.CreatedAt) < TimeSpan.FromSeconds(agent.Heartbeat.IntervalSec))
                {
                    continue;
                }

                (WakeupAccepted? accepted, _) = await runService.TryWakeupAsync(
                    company.Id, agent.Id, new WakeupCommand(null, WakeSources.HeartbeatTimer) { Source = WakeSources.Timer }, cancellationToken).ConfigureAwait(false);

                if (accepted is null)
                {
                    // Declined (no open assigned issue, or the agent changed meanwhile): nothing to run this time.
                    skipped++;
                }
                else
                {
                    enqueued++;
                }
            }

            foreach (Run run in await runs.ListActiveAsync(company.Id, cancellationToken).ConfigureAwait(false))
            {
                if (now - run.UpdatedAt < NudgeAfter)
                {
                    continue;
                }

                RunInstanceStatusView instance = await this.InspectAsync(run, cancellationToken).ConfigureAwait(false);
                if (instance.Alive)
                {
                    if (run.Status == RunStatus.Queued
                        && (await engine.GetWorkspaceAsync(company.Id, run.ExecutionWorkspaceId, cancellationToken).ConfigureAwait(false))?.ActiveRunId == run.Id.ToString())
                    {
                        await engine.ReportAdmittedAsync(run.Id, cancellationToken).ConfigureAwait(false);
                        if ((await engine.GetAgentSlotsAsync(company.Id, run.AgentId, cancellationToken).ConfigureAwait(false))?.ActiveRunIds.Contains(run.Id.ToString()) == true)
                        {
                            await engine.ReportSlotGrantedAsync(run.Id, cancellationToken).ConfigureAwait(false);
                        }
                    }
                    else if (run.ExitReport is not null)
                    {
                        await execution.RepeatReportAsync(run, cancellationToken).ConfigureAwait(false);
                    }
                    else if (await execution.TryReportLostAsync(run, cancellationToken).ConfigureAwait(false))
                    {
                        recovered++;
                    }

                    continue;
                }

                if (now - run.UpdatedAt < OrphanGrace)
                {
                    continue;
                }

                await RunUpdates.ApplyAsync(runs, company.Id, run.Id, r => r.IsTerminal ? r : r with
                {
                    Status = RunStatus.Failed,
                    Error = $"{ProcessLost.Message} (the run's orchestration is {instance.Description}).",
                    ErrorCode = ProcessLost.Code,
                    FinishedAt = now,
                    UpdatedAt = now,
                }, cancellationToken).ConfigureAwait(false);
                await engine.ReleaseWorkspaceAsync(company.Id, run.ExecutionWorkspaceId, run.Id, cancellationToken).ConfigureAwait(false);
                await engine.ReleaseAgentSlotAsync(company.Id, run.AgentId, run.Id, cancellationToken).ConfigureAwait(false);
                recovered++;
                await runService.PromoteDeferredAsync(company.Id, run.IssueId, cancellationToken).ConfigureAwait(false);
                await runService.RetryLostRunAsync(run, cancellationToken).ConfigureAwait(false);
            }

            released += await this.SweepLeasesAsync(company.Id, now, cancellationToken).ConfigureAwait(false);
            reconciled += await dependencies.ReconcileAsync(company.Id, cancellationToken).ConfigureAwait(false);
            await runService.PromoteAllDeferredAsync(company.Id, cancellationToken).ConfigureAwait(false);
        }

        return new HeartbeatTickResult(checkedAgents, enqueued, skipped, recovered) { LeasesReleased = released, DependentsReconciled = reconciled };
    }

    /// <summary>
    /// Workspaces whose holder's lease lapsed: a live holder (running, its orchestration alive) gets its lease renewed;
    /// a vanished one (terminal, missing, or its orchestration gone) is released, so the line behind it moves (the
    /// nudge above tells the next run once it is admitted).
    /// </summary>
    async Task<int> SweepLeasesAsync(Guid companyId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        int released = 0;
        foreach (ExecutionWorkspace workspace in await workspaces.ListAsync(companyId, cancellationToken).ConfigureAwait(false))
        {
            if (now - workspace.LastUsedAt > LeaseSweepWindow)
            {
                continue;
            }

            if (await engine.GetWorkspaceAsync(companyId, workspace.Id, cancellationToken).ConfigureAwait(false) is not { ActiveRunId: { } holder, LeaseExpiresAt: { } expires } || expires > now)
            {
                continue;
            }

            Run? run = Guid.TryParse(holder, out Guid runId) ? (await runs.GetAsync(companyId, runId, cancellationToken).ConfigureAwait(false))?.Value : null;
            bool live = run is { IsTerminal: false } && (await this.InspectAsync(run, cancellationToken).ConfigureAwait(false)).Alive;
            await (live
                ? engine.RenewWorkspaceLeaseAsync(companyId, workspace.Id, runId, cancellationToken)
                : engine.ReleaseExpiredWorkspaceLeaseAsync(companyId, workspace.Id, holder, now, cancellationToken)).ConfigureAwait(false);
            released += live ? 0 : 1;
        }

        return released;
    }

    async Task<RunInstanceStatusView> InspectAsync(Run run, CancellationToken cancellationToken)
    {
        RunInstanceStatus? status = await engine.GetRunAsync(run.Id, cancellationToken).ConfigureAwait(false);
        return status is null
            ? new RunInstanceStatusView(false, "missing")
            : new RunInstanceStatusView(!status.IsEnded, status.RuntimeStatus.ToString().ToLowerInvariant());
    }

    readonly record struct RunInstanceStatusView(bool Alive, string Description);
}
