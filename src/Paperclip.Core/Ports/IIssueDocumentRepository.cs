using Paperclip.Core.Domain;

namespace Paperclip.Core.Ports;

/// <summary>Issue documents and their revisions, bodies included.</summary>
public interface IIssueDocumentRepository
{
    /// <summary>The issue's document with that key, or null.</summary>
    Task<Versioned<IssueDocument>?> GetAsync(Guid companyId, Guid issueId, string key, CancellationToken cancellationToken);

    /// <summary>The issue's documents.</summary>
    Task<IReadOnlyList<IssueDocument>> ListAsync(Guid companyId, Guid issueId, CancellationToken cancellationToken);

    /// <summary>Stores a new document with its first revision; 409 already_exists when the key was taken meanwhile.</summary>
    Task CreateAsync(IssueDocument document, IssueDocumentRevision revision, CancellationToken cancellationToken);

    /// <summary>Adds a revision and moves the document to it if <paramref name="etag"/> still matches; else 409 concurrency_conflict.</summary>
    Task UpdateAsync(IssueDocument document, string etag, IssueDocumentRevision revision, CancellationToken cancellationToken);

    /// <summary>The document's revisions, newest first (only those in its history: a write that lost a race left none).</summary>
    Task<IReadOnlyList<IssueDocumentRevision>> ListRevisionsAsync(IssueDocument document, CancellationToken cancellationToken);

    /// <summary>Deletes the document and its revisions.</summary>
    Task DeleteAsync(IssueDocument document, CancellationToken cancellationToken);
}
