using Azure.Data.Tables;
using Paperclip.Core;
using Paperclip.Core.Domain;
using Paperclip.Core.Ports;

namespace Paperclip.Storage.Tables;

/// <summary>Wakeup requests (partition = company id, row = wake id), with IssueId, AgentId and Status columns.</summary>
public sealed class WakeupRequestRepository(TableStore store) : IWakeupRequestRepository
{
    readonly DocumentTable<WakeupRequest> table = new(store, TableNames.WakeupRequests, "The wakeup request");

    /// <inheritdoc/>
    public Task CreateAsync(WakeupRequest wake, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wake);
        return this.table.InsertAsync(Keys.Of(wake.CompanyId), Keys.Of(wake.Id), wake, Columns(wake), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<string> UpdateAsync(WakeupRequest wake, string etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wake);
        return this.table.ReplaceAsync(Keys.Of(wake.CompanyId), Keys.Of(wake.Id), wake, etag, Columns(wake), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<Versioned<WakeupRequest>?> GetAsync(Guid companyId, Guid wakeId, CancellationToken cancellationToken) =>
        this.table.GetAsync(Keys.Of(companyId), Keys.Of(wakeId), cancellationToken);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<WakeupRequest>> ListForIssueAsync(Guid companyId, Guid issueId, WakeupRequestStatus status, CancellationToken cancellationToken) =>
        (await this.table.QueryAsync(
            TableClient.CreateQueryFilter($"PartitionKey eq {Keys.Of(companyId)} and IssueId eq {Keys.Of(issueId)} and Status eq {PaperclipJson.EnumValue(status)}"),
            null,
            cancellationToken).ConfigureAwait(false)).OrderBy(w => w.RequestedAt).ThenBy(w => w.Id).ToArray();

    /// <inheritdoc/>
    public Task<IReadOnlyList<WakeupRequest>> ListByStatusAsync(Guid companyId, WakeupRequestStatus status, CancellationToken cancellationToken) =>
        this.table.QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {Keys.Of(companyId)} and Status eq {PaperclipJson.EnumValue(status)}"), null, cancellationToken);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<WakeupRequest>> ListForAgentAsync(Guid companyId, Guid agentId, int max, CancellationToken cancellationToken) =>
        (await this.table.QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {Keys.Of(companyId)} and AgentId eq {Keys.Of(agentId)}"), null, cancellationToken).ConfigureAwait(false))
            .OrderByDescending(w => w.RequestedAt).Take(max).ToArray();

    static Dictionary<string, object?> Columns(WakeupRequest wake) => new()
    {
        ["IssueId"] = wake.IssueId is { } i ? Keys.Of(i) : null,
        ["AgentId"] = Keys.Of(wake.AgentId),
        ["Status"] = PaperclipJson.EnumValue(wake.Status),
    };
}
