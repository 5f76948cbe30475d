using Azure.Data.Tables;
using Paperclip.Core.Domain;
using Paperclip.Core.Ports;

namespace Paperclip.Storage.Tables;

/// <summary>Execution workspaces (partition = company id, row = workspace id).</summary>
public sealed class ExecutionWorkspaceRepository(TableStore store) : IExecutionWorkspaceRepository
{
    readonly DocumentTable<ExecutionWorkspace> table = new(store, TableNames.ExecutionWorkspaces, "The execution workspace");

    /// <inheritdoc/>
    public Task<Versioned<ExecutionWorkspace>?> GetAsync(Guid companyId, Guid workspaceId, CancellationToken cancellationToken) =>
        this.table.GetAsync(Keys.Of(companyId), Keys.Of(workspaceId), cancellationToken);

    /// <inheritdoc/>
    public Task CreateAsync(ExecutionWorkspace workspace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return this.table.InsertAsync(Keys.Of(workspace.CompanyId), Keys.Of(workspace.Id), workspace, null, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<string> UpdateAsync(ExecutionWorkspace workspace, string etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return this.table.ReplaceAsync(Keys.Of(workspace.CompanyId), Keys.Of(workspace.Id), workspace, etag, null, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<ExecutionWorkspace>> ListAsync(Guid companyId, CancellationToken cancellationToken) =>
        this.table.QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {Keys.Of(companyId)}"), null, cancellationToken);
}
