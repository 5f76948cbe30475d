using Microsoft.DurableTask;
using Paperclip.Runs.Lifecycle;

namespace Paperclip.Runs.Activities;

/// <summary>The wakes a finalize left owed and the dependents its workspace handed over, made while the run holds the workspace.</summary>
public sealed class RunFollowUpsActivity(RunFollowUps followUps) : TaskActivity<RunFollowUpsInput, bool>
{
    /// <inheritdoc/>
    public override async Task<bool> RunAsync(TaskActivityContext context, RunFollowUpsInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await followUps.CarryOutAsync(input.Run, input.FollowUps, input.FinalizeWaiterIssueIds, CancellationToken.None).ConfigureAwait(false);
        return true;
    }
}
