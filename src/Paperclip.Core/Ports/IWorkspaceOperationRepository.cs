using Paperclip.Core.Domain;

namespace Paperclip.Core.Ports;

/// <summary>
/// The workspace operation ledger. A row is keyed by run and phase, so an activity that runs again
/// (activities are at-least-once) rewrites its own row instead of adding a second one.
/// </summary>
public interface IWorkspaceOperationRepository
{
    /// <summary>Writes the row (insert or replace). Any storage failure throws; it is never swallowed.</summary>
    Task WriteAsync(WorkspaceOperation operation, CancellationToken cancellationToken);

    /// <summary>The run's operations in phase order.</summary>
    Task<IReadOnlyList<WorkspaceOperation>> ListForRunAsync(Guid companyId, Guid runId, CancellationToken cancellationToken);

    /// <summary>Every operation on the given workspaces of the company, whatever the run.</summary>
    Task<IReadOnlyList<WorkspaceOperation>> ListForWorkspacesAsync(Guid companyId, IReadOnlyCollection<Guid> workspaceIds, CancellationToken cancellationToken);
}
