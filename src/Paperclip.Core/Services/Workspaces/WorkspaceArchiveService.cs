using Paperclip.Core.Auth;
using Paperclip.Core.Domain;
using Paperclip.Core.Errors;
using Paperclip.Core.Ports;
using Paperclip.Core.Runs;
using Paperclip.Core.Services.Runs;

namespace Paperclip.Core.Services.Workspaces;

/// <summary>
/// <c>POST …/workspaces/{id}/archive</c>: the board archives a workspace. The archive itself runs durably in the
/// workspace's line (after the runs woken before it, before those woken after): its teardown command, then the removal
/// of a worktree's directory. A later wake of the workspace's issue reopens it, re-created and re-provisioned.
/// </summary>
public sealed class WorkspaceArchiveService(IExecutionWorkspaceRepository workspaces, IDurableEngine engine, WorkspaceViews views, Audit audit)
{
    /// <summary>Asks for the archive; returns the workspace as it is now, and whether an archive was started (false: already archived).</summary>
    public async Task<(WorkspaceView Workspace, bool Started)> ArchiveAsync(Caller caller, Guid companyId, Guid workspaceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        caller.EnsureCompany(companyId);
        caller.EnsureBoard("archive a workspace");
        ExecutionWorkspace workspace = (await workspaces.GetAsync(companyId, workspaceId, cancellationToken).ConfigureAwait(false))?.Value
            ?? throw PaperclipException.NotFound("Workspace");
        if (workspace.Status == ExecutionWorkspaceStatus.Archived)
        {
            return (await views.GetAsync(caller, companyId, workspaceId, cancellationToken).ConfigureAwait(false), false);
        }

        WorkspaceArchiveRequest request = new(Guid.CreateVersion7(), companyId, workspaceId);
        await engine.StartWorkspaceArchiveAsync(request, cancellationToken).ConfigureAwait(false);
        await audit.RecordAsync(caller, companyId, "workspace.archive_requested", "workspace", workspaceId,
            new Dictionary<string, object?> { ["archiveId"] = request.ArchiveId }, cancellationToken).ConfigureAwait(false);
        return (await views.GetAsync(caller, companyId, workspaceId, cancellationToken).ConfigureAwait(false), true);
    }
}
