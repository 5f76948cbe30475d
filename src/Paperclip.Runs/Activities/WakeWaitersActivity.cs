using Microsoft.DurableTask;
using Paperclip.Core.Services.Issues;

namespace Paperclip.Runs.Activities;

/// <summary>Wakes the dependents a workspace's entity held until its finalize succeeded. Returns how many were woken.</summary>
public sealed class WakeWaitersActivity(DependencyService dependencies) : TaskActivity<WakeWaitersInput, int>
{
    /// <inheritdoc/>
    public override async Task<int> RunAsync(TaskActivityContext context, WakeWaitersInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return (await dependencies.WakeIfReadyAsync(input.CompanyId, input.IssueIds.Select(Guid.Parse).ToArray(), CancellationToken.None).ConfigureAwait(false)).Count;
    }
}
