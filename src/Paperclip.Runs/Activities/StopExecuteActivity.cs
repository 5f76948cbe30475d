using Microsoft.DurableTask;
using Paperclip.Core.Runs;
using Paperclip.Runs.Execution;

namespace Paperclip.Runs.Activities;

/// <summary>The run's durable timer fired before the agent exited: asks the watcher to stop it (timed_out).</summary>
public sealed class StopExecuteActivity(RunExecution execution) : TaskActivity<RunRequest, bool>
{
    /// <inheritdoc/>
    public override async Task<bool> RunAsync(TaskActivityContext context, RunRequest input)
    {
        await execution.RequestTimeoutAsync(input, CancellationToken.None).ConfigureAwait(false);
        return true;
    }
}
