using Azure.Data.Tables;
using Paperclip.Core;
using Paperclip.Core.Domain;
using Paperclip.Core.Ports;

namespace Paperclip.Storage.Tables;

/// <summary>Runs (partition = company id, row = run id), with IssueId, AgentId and Status columns for listing in storage.</summary>
public sealed class RunRepository(TableStore store) : IRunRepository
{
    readonly DocumentTable<Run> table = new(store, TableNames.Runs, "The run");

    /// <inheritdoc/>
    public Task CreateAsync(Run run, CancellationToken cancellationToken) =>
        this.table.InsertAsync(Keys.Of(run.CompanyId), Keys.Of(run.Id), run, Columns(run), cancellationToken);

    /// <inheritdoc/>
    public Task<Versioned<Run>?> GetAsync(Guid companyId, Guid runId, CancellationToken cancellationToken) =>
        this.table.GetAsync(Keys.Of(companyId), Keys.Of(runId), cancellationToken);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<Run>> ListAsync(Guid companyId, RunQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {Keys.Of(companyId)}");
        if (query.IssueId is { } i)
        {
            filter += " and " + TableClient.CreateQueryFilter($"IssueId eq {Keys.Of(i)}");
        }

        if (query.AgentId is { } a)
        {
            filter += " and " + TableClient.CreateQueryFilter($"AgentId eq {Keys.Of(a)}");
        }

        if (query.Status is { } status)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Status eq {PaperclipJson.EnumValue(status)}");
        }

        return (await this.table.QueryAsync(filter, null, cancellationToken).ConfigureAwait(false)).OrderByDescending(r => r.CreatedAt).ToArray();
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<Run>> ListActiveAsync(Guid companyId, CancellationToken cancellationToken) =>
        this.table.QueryAsync(
            TableClient.CreateQueryFilter($"PartitionKey eq {Keys.Of(companyId)} and (Status eq {PaperclipJson.EnumValue(RunStatus.Queued)} or Status eq {PaperclipJson.EnumValue(RunStatus.Running)})"),
            null,
            cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<Run>> ListRunningForAgentAsync(Guid companyId, Guid agentId, CancellationToken cancellationToken) =>
        this.table.QueryAsync(
            TableClient.CreateQueryFilter($"PartitionKey eq {Keys.Of(companyId)} and AgentId eq {Keys.Of(agentId)} and Status eq {PaperclipJson.EnumValue(RunStatus.Running)}"),
            null,
            cancellationToken);

    /// <inheritdoc/>
    public Task<string> UpdateAsync(Run run, string etag, CancellationToken cancellationToken) =>
        this.table.ReplaceAsync(Keys.Of(run.CompanyId), Keys.Of(run.Id), run, etag, Columns(run), cancellationToken);

    static Dictionary<string, object?> Columns(Run run) => new()
    {
        ["IssueId"] = Keys.Of(run.IssueId),
        ["AgentId"] = Keys.Of(run.AgentId),
        ["Status"] = PaperclipJson.EnumValue(run.Status),
    };
}
