using Microsoft.Extensions.Logging.Abstractions;
using Paperclip.Runs.Execution;

namespace Paperclip.Runs.Tests.Execution;

public sealed class RunWatcherTests
{
    [Fact]
    public async Task ARunIsWatchedOnce_AndLeavesTheWatcherWhenItsWorkEnds()
    {
        using RunWatcher watcher = new(NullLogger<RunWatcher>.Instance);
        Guid run = Guid.CreateVersion7();
        TaskCompletionSource finish = new(TaskCreationOptions.RunContinuationsAsynchronously);
        TaskCompletionSource ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

        Assert.True(watcher.TryStart(run, async _ => { await finish.Task; ended.SetResult(); }));
        Assert.True(watcher.IsWatching(run));
        Assert.False(watcher.TryStart(run, _ => throw new InvalidOperationException("a redelivered start must not run the agent again")));

        finish.SetResult();
        await ended.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await WaitUntilAsync(() => !watcher.IsWatching(run));
        Assert.Equal(0, watcher.Count);
    }

    [Fact]
    public async Task Stop_LetsWorkFinishWithinTheDrain_ThenCancelsTheRest_AndRefusesNewWork()
    {
        using RunWatcher watcher = new(NullLogger<RunWatcher>.Instance);
        TaskCompletionSource quickGo = new(TaskCreationOptions.RunContinuationsAsynchronously);
        bool quickCancelled = true;
        bool slowCancelled = false;
        watcher.TryStart(Guid.CreateVersion7(), async stop => { await quickGo.Task; quickCancelled = stop.IsCancellationRequested; });
        watcher.TryStart(Guid.CreateVersion7(), async stop =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, stop);
            }
            catch (OperationCanceledException)
            {
                slowCancelled = true;
            }
        });

        Task stopping = watcher.StopAsync(TimeSpan.FromSeconds(1), CancellationToken.None);
        quickGo.SetResult();
        await stopping.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.False(quickCancelled);
        Assert.True(slowCancelled);
        Assert.Equal(0, watcher.Count);
        Assert.True(watcher.IsStopping);
        Assert.False(watcher.TryStart(Guid.CreateVersion7(), _ => Task.CompletedTask));
    }

    static async Task WaitUntilAsync(Func<bool> condition)
    {
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Yield();
            timeout.Token.ThrowIfCancellationRequested();
        }
    }
}
