using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Paperclip.Runs.Execution;

/// <summary>
/// Owns the agent processes this host started. The execute activity hands a run to the watcher and returns at once;
/// the watcher keeps the agent running, records its exit and reports it to the run orchestration, so a long run never
/// depends on one activity (or its timeout) staying alive. When the host stops, running agents get a drain window to
/// finish; the rest are stopped and reported lost.
/// </summary>
public sealed class RunWatcher(ILogger<RunWatcher> logger) : IDisposable
{
    readonly ConcurrentDictionary<Guid, Task> watched = new();
    readonly CancellationTokenSource hostStopping = new();

    /// <summary>How many agents this host is running now.</summary>
    public int Count => this.watched.Count;

    /// <summary>True while the host is stopping: no new agent is started.</summary>
    public bool IsStopping { get; private set; }

    /// <summary>True when this host is running the run's agent.</summary>
    public bool IsWatching(Guid runId) => this.watched.ContainsKey(runId);

    /// <summary>
    /// Starts watching: runs <paramref name="body"/> in the background with a token that is cancelled when the host
    /// stops for good. False when the run is already watched here (a redelivered activity) or the host is stopping.
    /// </summary>
    public bool TryStart(Guid runId, Func<CancellationToken, Task> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (this.IsStopping)
        {
            return false;
        }

        TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Task task = gate.Task.ContinueWith(_ => this.RunAsync(runId, body), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        if (!this.watched.TryAdd(runId, task))
        {
            return false;
        }

        // Registered first, then started: the body's end removes the registration it can now see.
        gate.SetResult();
        return true;
    }

    async Task RunAsync(Guid runId, Func<CancellationToken, Task> body)
    {
        try
        {
            await body(this.hostStopping.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The body reports its own failures; anything escaping is a bug worth seeing, not a crash of the host.
            Log.WatcherFailed(logger, runId, ex);
        }
        finally
        {
            this.watched.TryRemove(runId, out _);
        }
    }

    /// <summary>
    /// The host is stopping: waits up to <paramref name="drain"/> for running agents to finish on their own, then stops
    /// the rest (their runs are reported lost and retried by the next host).
    /// </summary>
    public async Task StopAsync(TimeSpan drain, CancellationToken cancellationToken)
    {
        this.IsStopping = true;
        if (this.watched.IsEmpty)
        {
            return;
        }

        Log.WatcherDraining(logger, this.watched.Count, drain.TotalSeconds);
        try
        {
            await Task.WhenAll(this.watched.Values).WaitAsync(drain, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (TimeoutException)
        {
            // Drain window over: stop what still runs.
        }
        catch (OperationCanceledException)
        {
            // The host gives up waiting: stop what still runs.
        }

        await this.hostStopping.CancelAsync().ConfigureAwait(false);
        try
        {
            // Stopped agents are recorded and reported; give that a bounded moment.
            await Task.WhenAll(this.watched.Values).WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Log.WatcherStopTimedOut(logger, this.watched.Count);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => this.hostStopping.Dispose();
}
