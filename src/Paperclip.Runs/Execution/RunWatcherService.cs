using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Paperclip.Core;
using Paperclip.Core.Domain;
using Paperclip.Core.Ports;

namespace Paperclip.Runs.Execution;

/// <summary>
/// Keeps this host's lease alive while it runs agents, and on stop lets running agents drain (then stops them and
/// reports them lost) before marking the lease stopped. Register it after the durable worker, so it stops first and
/// the worker can still deliver the watcher's last reports.
/// </summary>
public sealed class RunWatcherService(
    RunWatcher watcher,
    HostIdentity host,
    IHostLeaseRepository leases,
    IOptions<PaperclipOptions> options,
    ILogger<RunWatcherService> logger,
    TimeProvider time) : BackgroundService
{
    readonly DateTimeOffset startedAt = time.GetUtcNow();

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        TimeSpan ttl = options.Value.HostLeaseTtl;
        using PeriodicTimer timer = new(ttl / 3, time);
        do
        {
            try
            {
                await this.RenewAsync(null, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The next tick tries again; a lease that lapses meanwhile only makes the heartbeat report runs lost.
                Log.HostLeaseRenewFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <inheritdoc/>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await watcher.StopAsync(options.Value.AgentStopDrain, cancellationToken).ConfigureAwait(false);
        try
        {
            await this.RenewAsync(time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.HostLeaseRenewFailed(logger, ex);
        }
    }

    Task RenewAsync(DateTimeOffset? stoppedAt, CancellationToken cancellationToken)
    {
        DateTimeOffset now = time.GetUtcNow();
        HostLease lease = new(host.HostId, host.MachineName, Environment.ProcessId, this.startedAt, now, now + options.Value.HostLeaseTtl) { StoppedAt = stoppedAt };
        return leases.WriteAsync(lease, cancellationToken);
    }
}
