using Paperclip.Core.Errors;
using Paperclip.Core.Ports;

namespace Paperclip.Core.Services;

/// <summary>Checks that storage answers and that the durable worker can serve.</summary>
public sealed class HealthProbe(IStorageHealth storage, IDurableEngine engine)
{
    static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Runs both checks concurrently, each bounded in time.</summary>
    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        Task<string> storageCheck = Run(storage.CheckAsync, cancellationToken);
        Task<string> durableCheck = Run(engine.CheckHealthAsync, cancellationToken);
        Dictionary<string, string> checks = new(StringComparer.Ordinal)
        {
            ["storage"] = await storageCheck.ConfigureAwait(false),
            ["durable"] = await durableCheck.ConfigureAwait(false),
        };
        return new HealthReport(checks.Values.All(v => v == "ok") ? "healthy" : "unhealthy", checks);
    }

    static async Task<string> Run(Func<CancellationToken, Task> check, CancellationToken cancellationToken)
    {
        using CancellationTokenSource timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CheckTimeout);
        try
        {
            await check(timeout.Token).ConfigureAwait(false);
            return "ok";
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Only the kind of failure: provider messages can carry connection details.
            return ex is PaperclipException known ? $"failed: {known.Code}" : $"failed: {ex.GetType().Name}";
        }
    }
}
