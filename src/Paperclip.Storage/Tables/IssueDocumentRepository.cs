using System.Text;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Paperclip.Core.Domain;
using Paperclip.Core.Ports;

namespace Paperclip.Storage.Tables;

/// <summary>
/// Issue documents (partition = company id, row = <c>{issueId}_{key}</c>) and their revisions (row =
/// <c>{issueId}_{key}_{revisionId}</c>), with every revision's body in a blob (<c>{prefix}-documents</c>,
/// <c>{companyId}/{documentId}/{revisionId}.md</c>): upstream's bodies (up to 524,288 characters) do not fit a table
/// entity. A write stores the body, then the revision, then moves the document (ETag-guarded) — a write that lost the
/// race leaves a revision outside the document's chain, which listing never shows.
/// </summary>
public sealed class IssueDocumentRepository(TableStore store, BlobServiceClient blobs) : IIssueDocumentRepository
{
    readonly DocumentTable<IssueDocument> documents = new(store, TableNames.IssueDocuments, "The document");
    readonly DocumentTable<IssueDocumentRevision> revisions = new(store, TableNames.IssueDocumentRevisions, "The document revision");
    readonly BlobContainerClient container = blobs.GetBlobContainerClient(store.FullName("documents").ToLowerInvariant());
    Task? created;

    /// <inheritdoc/>
    public async Task<Versioned<IssueDocument>?> GetAsync(Guid companyId, Guid issueId, string key, CancellationToken cancellationToken)
    {
        Versioned<IssueDocument>? found = await this.documents.GetAsync(Keys.Of(companyId), Row(issueId, key), cancellationToken).ConfigureAwait(false);
        return found is null ? null : found with { Value = await this.WithBodyAsync(found.Value, cancellationToken).ConfigureAwait(false) };
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<IssueDocument>> ListAsync(Guid companyId, Guid issueId, CancellationToken cancellationToken)
    {
        IReadOnlyList<IssueDocument> rows = await this.documents.QueryAsync(IssueRange(companyId, issueId), null, cancellationToken).ConfigureAwait(false);
        return await Task.WhenAll(rows.Select(d => this.WithBodyAsync(d, cancellationToken))).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task CreateAsync(IssueDocument document, IssueDocumentRevision revision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        await this.StoreRevisionAsync(revision, cancellationToken).ConfigureAwait(false);
        await this.documents.InsertAsync(Keys.Of(document.CompanyId), Row(document.IssueId, document.Key), document with { Body = string.Empty }, null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task UpdateAsync(IssueDocument document, string etag, IssueDocumentRevision revision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        await this.StoreRevisionAsync(revision, cancellationToken).ConfigureAwait(false);
        await this.documents.ReplaceAsync(Keys.Of(document.CompanyId), Row(document.IssueId, document.Key), document with { Body = string.Empty }, etag, null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<IssueDocumentRevision>> ListRevisionsAsync(IssueDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        Dictionary<Guid, IssueDocumentRevision> all = (await this.revisions.QueryAsync(KeyRange(document), null, cancellationToken).ConfigureAwait(false))
            .Where(r => r.DocumentId == document.Id)
            .ToDictionary(r => r.Id);
        List<IssueDocumentRevision> chain = [];
        for (Guid? id = document.LatestRevisionId; id is { } current && all.TryGetValue(current, out IssueDocumentRevision? revision) && chain.Count < all.Count; id = revision.PreviousRevisionId)
        {
            chain.Add(revision with { Body = await this.ReadBodyAsync(revision, cancellationToken).ConfigureAwait(false) });
        }

        return chain;
    }

    /// <inheritdoc/>
    public async Task DeleteAsync(IssueDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);

        // The document first: once it is gone nothing lists its revisions, so a delete cut short leaves no half-document.
        await this.documents.DeleteAsync(Keys.Of(document.CompanyId), Row(document.IssueId, document.Key), cancellationToken).ConfigureAwait(false);
        foreach (IssueDocumentRevision revision in (await this.revisions.QueryAsync(KeyRange(document), null, cancellationToken).ConfigureAwait(false)).Where(r => r.DocumentId == document.Id))
        {
            await this.EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
            await this.container.DeleteBlobIfExistsAsync(BlobName(revision), cancellationToken: cancellationToken).ConfigureAwait(false);
            await this.revisions.DeleteAsync(Keys.Of(document.CompanyId), RevisionRow(revision), cancellationToken).ConfigureAwait(false);
        }
    }

    async Task StoreRevisionAsync(IssueDocumentRevision revision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revision);
        await this.EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        await this.container.GetBlobClient(BlobName(revision)).UploadAsync(BinaryData.FromString(revision.Body), overwrite: true, cancellationToken).ConfigureAwait(false);
        await this.revisions.InsertAsync(Keys.Of(revision.CompanyId), RevisionRow(revision), revision with { Body = string.Empty }, null, cancellationToken).ConfigureAwait(false);
    }

    async Task<IssueDocument> WithBodyAsync(IssueDocument document, CancellationToken cancellationToken)
    {
        IssueDocumentRevision latest = new(document.LatestRevisionId, document.CompanyId, document.Id, document.IssueId, document.Key, document.LatestRevisionNumber, string.Empty, null, null, null, document.UpdatedAt);
        return document with { Body = await this.ReadBodyAsync(latest, cancellationToken).ConfigureAwait(false) };
    }

    async Task<string> ReadBodyAsync(IssueDocumentRevision revision, CancellationToken cancellationToken)
    {
        await this.EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            BinaryData content = (await this.container.GetBlobClient(BlobName(revision)).DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content;
            return Encoding.UTF8.GetString(content.ToMemory().Span);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return string.Empty;
        }
    }

    Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        Task task = this.created ??= this.container.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
        if (task.IsFaulted || task.IsCanceled)
        {
            this.created = null;
        }

        return task.WaitAsync(cancellationToken);
    }

    static string Row(Guid issueId, string key) => $"{Keys.Of(issueId)}_{key}";

    static string RevisionRow(IssueDocumentRevision revision) => $"{Row(revision.IssueId, revision.Key)}_{Keys.Of(revision.Id)}";

    static string BlobName(IssueDocumentRevision revision) => $"{Keys.Of(revision.CompanyId)}/{Keys.Of(revision.DocumentId)}/{Keys.Of(revision.Id)}.md";

    // '`' sorts right after '_', so the ranges hold the issue's (or the key's) rows; a key's range can also hold the rows
    // of a longer key that starts with it and '_', which the document id tells apart.
    static string IssueRange(Guid companyId, Guid issueId) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {Keys.Of(companyId)} and RowKey gt {Keys.Of(issueId) + "_"} and RowKey lt {Keys.Of(issueId) + "`"}");

    static string KeyRange(IssueDocument document) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {Keys.Of(document.CompanyId)} and RowKey gt {Row(document.IssueId, document.Key) + "_"} and RowKey lt {Row(document.IssueId, document.Key) + "`"}");
}
