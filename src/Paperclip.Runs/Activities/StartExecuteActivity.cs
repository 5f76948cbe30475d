using Microsoft.DurableTask;
using Paperclip.Runs.Execution;

namespace Paperclip.Runs.Activities;

/// <summary>execute, first half: starts the agent under this host's watcher and returns at once.</summary>
public sealed class StartExecuteActivity(RunExecution execution) : TaskActivity<ExecuteRunInput, ExecuteStart>
{
    /// <inheritdoc/>
    public override Task<ExecuteStart> RunAsync(TaskActivityContext context, ExecuteRunInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return execution.StartAsync(input.Run, input.WorkingDirectory, CancellationToken.None);
    }
}
