using Azure.Data.Tables;
using Paperclip.Core.Domain;
using Paperclip.Core.Ports;

namespace Paperclip.Storage.Tables;

/// <summary>
/// The workspace operation ledger (partition = company id, row = <c>{runId}_{phaseOrder}_{phase}</c>): one row per run
/// and phase, so a repeated activity rewrites its own row, and a run's rows read back in phase order.
/// </summary>
public sealed class WorkspaceOperationRepository(TableStore store) : IWorkspaceOperationRepository
{
    readonly DocumentTable<WorkspaceOperation> table = new(store, TableNames.WorkspaceOperations, "The workspace operation");

    /// <inheritdoc/>
    public Task WriteAsync(WorkspaceOperation operation, CancellationToken cancellationToken) =>
        this.table.UpsertAsync(
            Keys.Of(operation.CompanyId),
            $"{Keys.Of(operation.RunId)}_{WorkspacePhases.Order(operation.Phase)}_{operation.Phase}",
            operation,
            new Dictionary<string, object?> { ["ExecutionWorkspaceId"] = Keys.Of(operation.ExecutionWorkspaceId) },
            cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<WorkspaceOperation>> ListForRunAsync(Guid companyId, Guid runId, CancellationToken cancellationToken)
    {
        // '`' sorts right after '_', so this range holds exactly the rows of this run.
        string run = Keys.Of(runId);
        return this.table.QueryAsync(
            TableClient.CreateQueryFilter($"PartitionKey eq {Keys.Of(companyId)} and RowKey gt {run + "_"} and RowKey lt {run + "`"}"),
            null,
            cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<WorkspaceOperation>> ListForWorkspacesAsync(Guid companyId, IReadOnlyCollection<Guid> workspaceIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspaceIds);
        List<WorkspaceOperation> rows = [];

        // One partition query per workspace keeps each filter small and uses the ExecutionWorkspaceId column.
        foreach (Guid workspace in workspaceIds.Distinct())
        {
            rows.AddRange(await this.table.QueryAsync(
                TableClient.CreateQueryFilter($"PartitionKey eq {Keys.Of(companyId)} and ExecutionWorkspaceId eq {Keys.Of(workspace)}"),
                null,
                cancellationToken).ConfigureAwait(false));
        }

        return rows;
    }
}
