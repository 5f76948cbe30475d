using Microsoft.Extensions.Options;
using Paperclip.Runs.Heartbeat;

namespace Paperclip.Host.Hosting;

/// <summary>The self-host's heartbeat: what the Functions timer trigger does, on a <see cref="PeriodicTimer"/>.</summary>
public sealed class HeartbeatTimer(HeartbeatService heartbeat, IOptions<SelfHostOptions> options, TimeProvider time, ILogger<HeartbeatTimer> logger) : BackgroundService
{
    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using PeriodicTimer timer = new(options.Value.HeartbeatInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                HeartbeatTickResult result = await heartbeat.TickAsync(stoppingToken).ConfigureAwait(false);
                if (result.Enqueued > 0 || result.OrphansFailed > 0)
                {
                    Log.HeartbeatTicked(logger, result.Enqueued, result.OrphansFailed);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One failed tick must not stop the heartbeat; the next tick retries.
                Log.HeartbeatTickFailed(logger, ex);
            }
        }
    }
}
