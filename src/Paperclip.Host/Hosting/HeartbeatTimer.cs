using Microsoft.Extensions.Options;
using Paperclip.Core.Services.Runs;

namespace Paperclip.Host.Hosting;

/// <summary>The self-host's heartbeat: what the Functions timer trigger does, on a <see cref="PeriodicTimer"/>.</summary>
public sealed partial class HeartbeatTimer(HeartbeatService heartbeat, IOptions<SelfHostOptions> options, TimeProvider time, ILogger<HeartbeatTimer> logger) : BackgroundService
{
    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using PeriodicTimer timer = new(options.Value.HeartbeatInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                int recovered = await heartbeat.TickAsync(stoppingToken).ConfigureAwait(false);
                if (recovered > 0)
                {
                    LogRecovered(logger, recovered);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One failed tick must not stop the heartbeat; the next tick retries.
                LogTickFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Heartbeat failed {Count} orphaned run(s).")]
    static partial void LogRecovered(ILogger logger, int count);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "Heartbeat tick failed.")]
    static partial void LogTickFailed(ILogger logger, Exception exception);
}
