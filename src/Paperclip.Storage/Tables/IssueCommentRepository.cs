using Azure.Data.Tables;
using Paperclip.Core.Domain;
using Paperclip.Core.Ports;

namespace Paperclip.Storage.Tables;

/// <summary>
/// Issue comments (partition = company id, row = <c>{issueId}_{commentId}</c>): an issue's comments are one key range,
/// and comment ids are UUIDv7, so the range is in creation order already.
/// </summary>
public sealed class IssueCommentRepository(TableStore store) : IIssueCommentRepository
{
    readonly DocumentTable<IssueComment> table = new(store, TableNames.IssueComments, "The comment");

    /// <inheritdoc/>
    public Task CreateAsync(IssueComment comment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(comment);
        return this.table.InsertAsync(Keys.Of(comment.CompanyId), Row(comment.IssueId, comment.Id), comment, null, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<IssueComment?> GetAsync(Guid companyId, Guid issueId, Guid commentId, CancellationToken cancellationToken) =>
        (await this.table.GetAsync(Keys.Of(companyId), Row(issueId, commentId), cancellationToken).ConfigureAwait(false))?.Value;

    /// <inheritdoc/>
    public async Task<IReadOnlyList<IssueComment>> ListAsync(Guid companyId, Guid issueId, CancellationToken cancellationToken)
    {
        // '`' sorts right after '_', so this range holds exactly the issue's rows.
        string issue = Keys.Of(issueId);
        IReadOnlyList<IssueComment> rows = await this.table.QueryAsync(
            TableClient.CreateQueryFilter($"PartitionKey eq {Keys.Of(companyId)} and RowKey gt {issue + "_"} and RowKey lt {issue + "`"}"), null, cancellationToken).ConfigureAwait(false);
        return [.. rows.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)];
    }

    static string Row(Guid issueId, Guid commentId) => $"{Keys.Of(issueId)}_{Keys.Of(commentId)}";
}
