using Microsoft.DurableTask;
using Paperclip.Core;
using Paperclip.Runs.Lifecycle;
using Paperclip.Runs.Orchestration;

namespace Paperclip.Runs.Activities;

/// <summary>workspace_finalize: the barrier row, the run's terminal status, and the wakes it leaves owed.</summary>
public sealed class FinalizeRunActivity(RunLifecycle lifecycle) : TaskActivity<FinalizeRunInput, RunResult>
{
    /// <inheritdoc/>
    public override async Task<RunResult> RunAsync(TaskActivityContext context, FinalizeRunInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        FinalizeOutcome finalized = await lifecycle.FinalizeAsync(input.Run, input.Executed?.ToOutcome(), input.Failure, input.EnvironmentId, CancellationToken.None).ConfigureAwait(false);
        return new RunResult(input.Run.InstanceId, PaperclipJson.EnumValue(finalized.Status), input.Executed?.ExitCode, finalized.Finalized)
        {
            FollowUps = finalized.FollowUps,
        };
    }
}
