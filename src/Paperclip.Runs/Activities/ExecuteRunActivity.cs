using Microsoft.DurableTask;
using Paperclip.Core.Services.Runs;

namespace Paperclip.Runs.Activities;

/// <summary>execute: runs the agent's command.</summary>
public sealed class ExecuteRunActivity(RunLifecycle lifecycle) : TaskActivity<ExecuteRunInput, PhaseOutcome>
{
    /// <inheritdoc/>
    public override async Task<PhaseOutcome> RunAsync(TaskActivityContext context, ExecuteRunInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return PhaseOutcome.From(await lifecycle.ExecuteAsync(input.Run, input.WorkingDirectory, CancellationToken.None).ConfigureAwait(false));
    }
}
