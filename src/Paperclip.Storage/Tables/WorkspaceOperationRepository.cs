using Azure.Data.Tables;
using Paperclip.Core.Domain;
using Paperclip.Core.Ports;

namespace Paperclip.Storage.Tables;

/// <summary>
/// The workspace operation ledger (partition = company id, row = <c>{runId}_{slot}_{phase}</c>): one row per run and
/// phase, so a repeated activity rewrites its own row; a run's rows are read back in phase order.
/// </summary>
public sealed class WorkspaceOperationRepository(TableStore store) : IWorkspaceOperationRepository
{
    readonly DocumentTable<WorkspaceOperation> table = new(store, TableNames.WorkspaceOperations, "The workspace operation");

    /// <inheritdoc/>
    public Task WriteAsync(WorkspaceOperation operation, CancellationToken cancellationToken) =>
        this.table.UpsertAsync(
            Keys.Of(operation.CompanyId),
            $"{Keys.Of(operation.RunId)}_{KeySlot(operation.Phase)}_{operation.Phase}",
            operation,
            new Dictionary<string, object?> { ["ExecutionWorkspaceId"] = Keys.Of(operation.ExecutionWorkspaceId) },
            cancellationToken);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<WorkspaceOperation>> ListForRunAsync(Guid companyId, Guid runId, CancellationToken cancellationToken)
    {
        // '`' sorts right after '_', so this range holds exactly the rows of this run.
        string run = Keys.Of(runId);
        IReadOnlyList<WorkspaceOperation> rows = await this.table.QueryAsync(
            TableClient.CreateQueryFilter($"PartitionKey eq {Keys.Of(companyId)} and RowKey gt {run + "_"} and RowKey lt {run + "`"}"),
            null,
            cancellationToken).ConfigureAwait(false);
        return [.. rows.OrderBy(r => WorkspacePhases.Order(r.Phase))];
    }

    /// <summary>
    /// The row key's phase slot, frozen as first stored (prepare 0, execute 1, finalize 2, any other phase 3): a row
    /// written before a phase was added must keep its key, or a repeated activity would write a second row beside it.
    /// Phase order is <see cref="WorkspacePhases.Order"/>, applied on read.
    /// </summary>
    static int KeySlot(string phase) => phase switch
    {
        WorkspacePhases.WorktreePrepare => 0,
        WorkspacePhases.Execute => 1,
        WorkspacePhases.WorkspaceFinalize => 2,
        _ => 3,
    };

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
