using Paperclip.Core.Runs;

namespace Paperclip.Runs.Execution;

/// <summary>
/// Hands an agent's exit to exactly one of two takers: the start of execute, when the agent finished within the quick
/// window (its outcome then returns with the activity, saving the event's round trip), or else the exit event.
/// </summary>
internal sealed class ExitHandoff
{
    readonly TaskCompletionSource<PhaseOutcome> exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    int taken;

    /// <summary>The watcher recorded the exit.</summary>
    public void Complete(PhaseOutcome report) => this.exited.TrySetResult(report);

    /// <summary>The watcher asks to report by event; false when the start already took the outcome.</summary>
    public bool ClaimForEvent() => Interlocked.CompareExchange(ref this.taken, 2, 0) == 0;

    /// <summary>The start waits up to <paramref name="window"/>; the outcome if the agent exited and nobody took it yet.</summary>
    public async Task<PhaseOutcome?> TryTakeAsync(TimeSpan window, TimeProvider time)
    {
        try
        {
            await this.exited.Task.WaitAsync(window, time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Still running: the exit will be reported by event.
        }

        return this.exited.Task.IsCompletedSuccessfully && Interlocked.CompareExchange(ref this.taken, 1, 0) == 0 ? this.exited.Task.Result : null;
    }
}
