using Microsoft.DurableTask;
using Paperclip.Core;
using Paperclip.Core.Services.Runs;
using Paperclip.Runs.Orchestration;

namespace Paperclip.Runs.Activities;

/// <summary>workspace_finalize: the barrier row, then the run's terminal status.</summary>
public sealed class FinalizeRunActivity(RunLifecycle lifecycle) : TaskActivity<FinalizeRunInput, RunResult>
{
    /// <inheritdoc/>
    public override async Task<RunResult> RunAsync(TaskActivityContext context, FinalizeRunInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        FinalizeOutcome finalized = await lifecycle.FinalizeAsync(input.Run, input.Executed?.ToOutcome(), input.Failure, CancellationToken.None).ConfigureAwait(false);
        return new RunResult(input.Run.InstanceId, PaperclipJson.EnumValue(finalized.Status), input.Executed?.ExitCode, finalized.Finalized)
        {
            HasFinalizeWaiters = finalized.HasFinalizeWaiters,
        };
    }
}
