using Paperclip.Core.Domain;
using Paperclip.Core.Errors;
using Paperclip.Core.Ports;
using Paperclip.Core.Runs;
using Paperclip.Core.Services;
using Paperclip.Core.Services.Runs;

namespace Paperclip.Runs.Lifecycle;

/// <summary>
/// Archives a workspace while its archive holds it: the strategy's teardown command (<c>workspace_teardown</c>), then,
/// for a worktree, removing its directory from the repository (<c>worktree_cleanup</c>; never forced, so uncommitted
/// work stays and the workspace reads <c>cleanup_failed</c>). The branch and its commits are kept. The record ends
/// <c>archived</c>, or <c>cleanup_failed</c> when a step failed; either way it is no longer provisioned, so a later
/// wake re-creates and re-provisions it. Delivered twice, it runs the steps again (teardown commands should be
/// idempotent, as upstream's are expected to be).
/// </summary>
public sealed class WorkspaceArchiver(IExecutionWorkspaceRepository workspaces, IWorkspaceProvisioner provisioner, WorkspaceCommandStep commands, WorkspaceLedger ledger, TimeProvider time)
{
    /// <summary>Runs the archive; true when the workspace ended archived.</summary>
    public async Task<bool> ArchiveAsync(WorkspaceArchiveRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if ((await workspaces.GetAsync(request.CompanyId, request.ExecutionWorkspaceId, cancellationToken).ConfigureAwait(false))?.Value is not { } workspace)
        {
            return false;
        }

        if (workspace.Status == ExecutionWorkspaceStatus.Archived)
        {
            // An archive asked for twice while the first waited in line: the first did it.
            return true;
        }

        bool failed = false;
        if (workspace.Config?.TeardownCommand is { } teardown && Directory.Exists(workspace.Cwd))
        {
            failed = await commands.RunAsync(request.ArchiveId, WorkspacePhases.WorkspaceTeardown, workspace, teardown, new Dictionary<string, string>(), cancellationToken).ConfigureAwait(false) is not null;
        }

        if (!failed && workspace.StrategyType == WorkspaceStrategy.GitWorktree)
        {
            WorkspaceOperation row = await ledger.BeginAsync(request.CompanyId, request.ArchiveId, workspace.Id, WorkspacePhases.WorktreeCleanup, cancellationToken).ConfigureAwait(false);
            string? refused;
            try
            {
                refused = await provisioner.RemoveWorktreeAsync(workspace, cancellationToken).ConfigureAwait(false);
            }
            catch (PaperclipException ex)
            {
                refused = ex.Message;
            }

            await ledger.EndAsync(row, refused is not null, null, refused, cancellationToken).ConfigureAwait(false);
            failed = refused is not null;
        }

        DateTimeOffset now = time.GetUtcNow();
        await OptimisticUpdate.ApplyAsync(
            ct => workspaces.GetAsync(request.CompanyId, request.ExecutionWorkspaceId, ct),
            w => w with { Status = failed ? ExecutionWorkspaceStatus.CleanupFailed : ExecutionWorkspaceStatus.Archived, ProvisionedAt = null, ClosedAt = now },
            (w, etag, ct) => workspaces.UpdateAsync(w, etag, ct),
            cancellationToken).ConfigureAwait(false);
        return !failed;
    }
}
