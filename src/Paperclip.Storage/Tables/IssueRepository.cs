using Azure.Data.Tables;
using Paperclip.Core;
using Paperclip.Core.Domain;
using Paperclip.Core.Ports;

namespace Paperclip.Storage.Tables;

/// <summary>
/// Issues (partition = company id, row = issue id), with Status, AssigneeAgentId and IssueNumber columns for
/// server-side filters. A small index (partition = issue id) names each issue's company, so the paths without a
/// company (<c>/api/issues/{id}</c>) cost one point read, not a scan of every company.
/// </summary>
public sealed class IssueRepository(TableStore store) : IIssueRepository
{
    const string HomeRow = "home";

    readonly DocumentTable<Issue> table = new(store, TableNames.Issues, "The issue");
    readonly DocumentTable<IssueHome> homes = new(store, TableNames.IssueHomes, "The issue");

    /// <inheritdoc/>
    public async Task CreateAsync(Issue issue, CancellationToken cancellationToken)
    {
        // The index row first: if the issue insert then fails, the row names a company with no such issue, and
        // every lookup through it ends in the same 404 as an unknown id.
        await this.homes.UpsertAsync(Keys.Of(issue.Id), HomeRow, new IssueHome(issue.CompanyId), null, cancellationToken).ConfigureAwait(false);
        await this.table.InsertAsync(Keys.Of(issue.CompanyId), Keys.Of(issue.Id), issue, Columns(issue), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<Guid?> FindCompanyAsync(Guid issueId, CancellationToken cancellationToken) =>
        (await this.homes.GetAsync(Keys.Of(issueId), HomeRow, cancellationToken).ConfigureAwait(false))?.Value.CompanyId;

    /// <inheritdoc/>
    public async Task<Issue?> FindByNumberAsync(Guid companyId, int issueNumber, CancellationToken cancellationToken)
    {
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {Keys.Of(companyId)} and IssueNumber eq {issueNumber}");
        IReadOnlyList<Issue> found = await this.table.QueryAsync(filter, 1, cancellationToken).ConfigureAwait(false);
        return found.Count > 0 ? found[0] : null;
    }

    /// <inheritdoc/>
    public Task<Versioned<Issue>?> GetAsync(Guid companyId, Guid issueId, CancellationToken cancellationToken) =>
        this.table.GetAsync(Keys.Of(companyId), Keys.Of(issueId), cancellationToken);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<Issue>> ListAsync(Guid companyId, IssueStatus? status, Guid? assigneeAgentId, CancellationToken cancellationToken)
    {
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {Keys.Of(companyId)}");
        if (status is { } s)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Status eq {PaperclipJson.EnumValue(s)}");
        }

        if (assigneeAgentId is { } a)
        {
            filter += " and " + TableClient.CreateQueryFilter($"AssigneeAgentId eq {Keys.Of(a)}");
        }

        return (await this.table.QueryAsync(filter, null, cancellationToken).ConfigureAwait(false)).OrderBy(i => i.IssueNumber).ToArray();
    }

    /// <inheritdoc/>
    public Task<string> UpdateAsync(Issue issue, string etag, CancellationToken cancellationToken) =>
        this.table.ReplaceAsync(Keys.Of(issue.CompanyId), Keys.Of(issue.Id), issue, etag, Columns(issue), cancellationToken);

    static Dictionary<string, object?> Columns(Issue issue) => new()
    {
        ["Status"] = PaperclipJson.EnumValue(issue.Status),
        ["AssigneeAgentId"] = issue.AssigneeAgentId is { } a ? Keys.Of(a) : string.Empty,
        ["IssueNumber"] = issue.IssueNumber,
    };

    sealed record IssueHome(Guid CompanyId);
}
