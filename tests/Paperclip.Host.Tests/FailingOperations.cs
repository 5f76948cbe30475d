using Paperclip.Core.Domain;
using Paperclip.Core.Ports;

namespace Paperclip.Host.Tests;

/// <summary>Wraps the real ledger and fails the writes a test picks, as a storage outage would.</summary>
public sealed class FailingOperations(IWorkspaceOperationRepository inner, Func<WorkspaceOperation, bool> fail) : IWorkspaceOperationRepository
{
    public Task WriteAsync(WorkspaceOperation operation, CancellationToken cancellationToken) =>
        fail(operation) ? throw new IOException("injected Tables write failure") : inner.WriteAsync(operation, cancellationToken);

    public Task<IReadOnlyList<WorkspaceOperation>> ListForRunAsync(Guid companyId, Guid runId, CancellationToken cancellationToken) =>
        inner.ListForRunAsync(companyId, runId, cancellationToken);

    public Task<IReadOnlyList<WorkspaceOperation>> ListForWorkspacesAsync(Guid companyId, IReadOnlyCollection<Guid> workspaceIds, CancellationToken cancellationToken) =>
        inner.ListForWorkspacesAsync(companyId, workspaceIds, cancellationToken);
}
