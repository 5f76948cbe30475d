using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Paperclip.Functions.Durable;
using Paperclip.Runs.Heartbeat;

namespace Paperclip.Functions;

/// <summary>The heartbeat: a timer trigger on the <c>HeartbeatSchedule</c> app setting (CRON).</summary>
public sealed class HeartbeatFunction(HeartbeatService heartbeat)
{
    /// <summary>One tick.</summary>
    [Function("Heartbeat")]
    public Task Run([TimerTrigger("%HeartbeatSchedule%")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        DurableClientScope.RunAsync(client, () => heartbeat.TickAsync(cancellationToken));
}
