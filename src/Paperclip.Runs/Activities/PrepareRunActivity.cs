using Microsoft.DurableTask;
using Paperclip.Core.Runs;
using Paperclip.Runs.Lifecycle;

namespace Paperclip.Runs.Activities;

/// <summary>worktree_prepare. Returns the workspace directory.</summary>
public sealed class PrepareRunActivity(RunLifecycle lifecycle) : TaskActivity<RunRequest, string>
{
    /// <inheritdoc/>
    public override Task<string> RunAsync(TaskActivityContext context, RunRequest input) =>
        lifecycle.PrepareAsync(input, CancellationToken.None);
}
