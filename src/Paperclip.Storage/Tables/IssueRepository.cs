using Azure.Data.Tables;
using Paperclip.Core;
using Paperclip.Core.Domain;
using Paperclip.Core.Ports;

namespace Paperclip.Storage.Tables;

/// <summary>Issues (partition = company id, row = issue id), with Status and AssigneeAgentId columns for server-side filters.</summary>
public sealed class IssueRepository(TableStore store) : IIssueRepository
{
    readonly DocumentTable<Issue> table = new(store, TableNames.Issues, "The issue");

    /// <inheritdoc/>
    public Task CreateAsync(Issue issue, CancellationToken cancellationToken) =>
        this.table.InsertAsync(Keys.Of(issue.CompanyId), Keys.Of(issue.Id), issue, Columns(issue), cancellationToken);

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
    };
}
