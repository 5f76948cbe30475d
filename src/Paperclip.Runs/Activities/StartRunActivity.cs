using Microsoft.DurableTask;
using Paperclip.Core.Domain;
using Paperclip.Core.Runs;
using Paperclip.Runs.Execution;
using Paperclip.Runs.Lifecycle;

namespace Paperclip.Runs.Activities;

/// <summary>
/// worktree_prepare, then execute's start: realises the workspace and starts the agent under this host's watcher,
/// returning at once (or with the outcome when the agent exits within the quick window). One activity for the two
/// phases, because nothing durable happens between them: the run already holds its workspace and its slot. A failed
/// prepare surfaces as a <see cref="PhaseFailedException"/>, so the run's error names the phase.
/// </summary>
public sealed class StartRunActivity(RunLifecycle lifecycle, RunExecution execution) : TaskActivity<RunRequest, ExecuteStart>
{
    /// <inheritdoc/>
    public override async Task<ExecuteStart> RunAsync(TaskActivityContext context, RunRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        RunPlacement placement;
        try
        {
            placement = await lifecycle.PrepareAsync(input, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw PhaseFailedException.Of(ex is Core.Errors.PaperclipException { Code: Core.Errors.ErrorCodes.WorkspaceProvisionFailed } ? WorkspacePhases.WorkspaceProvision : WorkspacePhases.WorktreePrepare, ex);
        }

        ExecuteStart started = await execution.StartAsync(input, placement, CancellationToken.None).ConfigureAwait(false);
        return started with { EnvironmentId = placement.EnvironmentId };
    }
}
