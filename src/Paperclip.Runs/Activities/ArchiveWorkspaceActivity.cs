using Microsoft.DurableTask;
using Paperclip.Core.Runs;
using Paperclip.Runs.Lifecycle;

namespace Paperclip.Runs.Activities;

/// <summary>Tears an archived workspace down while its archive holds it; true when it ended archived (not cleanup_failed).</summary>
public sealed class ArchiveWorkspaceActivity(WorkspaceArchiver archiver) : TaskActivity<WorkspaceArchiveRequest, bool>
{
    /// <inheritdoc/>
    public override Task<bool> RunAsync(TaskActivityContext context, WorkspaceArchiveRequest input) =>
        archiver.ArchiveAsync(input, CancellationToken.None);
}
