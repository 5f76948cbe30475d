using Paperclip.Core.Domain;
using Paperclip.Core.Ports;

namespace Paperclip.Core.Services.Runs;

/// <summary>
/// One heartbeat tick. For now it sweeps orphans: a run still queued or running whose orchestration is gone
/// (never created, failed or terminated) is marked failed, so no run stays "running" forever.
/// </summary>
public sealed class HeartbeatService(ICompanyRepository companies, IRunRepository runs, IDurableEngine engine, TimeProvider time)
{
    /// <summary>Runs younger than this are left alone: their orchestration may not be visible yet.</summary>
    public static readonly TimeSpan OrphanGrace = TimeSpan.FromMinutes(2);

    static readonly string[] DeadInstanceStatuses = ["Failed", "Terminated", "Canceled", "Completed"];

    /// <summary>Runs one tick; returns how many orphaned runs were failed.</summary>
    public async Task<int> TickAsync(CancellationToken cancellationToken)
    {
        int recovered = 0;
        DateTimeOffset now = time.GetUtcNow();
        foreach (Company company in await companies.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (Run run in await runs.ListActiveAsync(company.Id, cancellationToken).ConfigureAwait(false))
            {
                if (now - run.UpdatedAt < OrphanGrace)
                {
                    continue;
                }

                RunInstanceStatusView instance = await this.InspectAsync(run, cancellationToken).ConfigureAwait(false);
                if (instance.Alive)
                {
                    continue;
                }

                await RunUpdates.ApplyAsync(runs, company.Id, run.Id, r => r.IsTerminal ? r : r with
                {
                    Status = RunStatus.Failed,
                    Error = $"orchestration_lost: the run's orchestration is {instance.Description}.",
                    FinishedAt = now,
                    UpdatedAt = now,
                }, cancellationToken).ConfigureAwait(false);
                recovered++;
            }
        }

        return recovered;
    }

    async Task<RunInstanceStatusView> InspectAsync(Run run, CancellationToken cancellationToken)
    {
        var status = await engine.GetRunAsync(run.Id.ToString(), cancellationToken).ConfigureAwait(false);
        return status is null
            ? new RunInstanceStatusView(false, "missing")
            : new RunInstanceStatusView(!DeadInstanceStatuses.Contains(status.RuntimeStatus), status.RuntimeStatus.ToLowerInvariant());
    }

    readonly record struct RunInstanceStatusView(bool Alive, string Description);
}
