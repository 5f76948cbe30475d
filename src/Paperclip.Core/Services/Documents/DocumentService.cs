using System.Text.RegularExpressions;
using Paperclip.Core.Auth;
using Paperclip.Core.Domain;
using Paperclip.Core.Errors;
using Paperclip.Core.Ports;

namespace Paperclip.Core.Services.Documents;

/// <summary>
/// Issue documents with upstream's keys, limits, messages and optimistic concurrency: a new key takes no
/// <c>baseRevisionId</c>; a write over an existing one must name the latest revision, or it is refused with the
/// current one so the writer can merge; every write adds a revision. Agents read and write; only the board deletes.
/// </summary>
public sealed partial class DocumentService(IIssueDocumentRepository documents, IIssueRepository issues, Audit audit, TimeProvider time)
{
    /// <summary>The 409 of a write over an existing document without <c>baseRevisionId</c>.</summary>
    public const string BaseRevisionRequired = "document_base_revision_required";

    /// <summary>The 409 of a write over a revision that is no longer the latest.</summary>
    public const string RevisionConflict = "document_revision_conflict";

    /// <summary>The 409 of a write naming a base revision of a document that does not exist.</summary>
    public const string DocumentMissing = "document_not_created";

    /// <summary>The issue's document with that key (404 "Document not found").</summary>
    public async Task<IssueDocument> GetAsync(Caller caller, Guid companyId, Guid issueId, string key, CancellationToken cancellationToken) =>
        (await this.LoadAsync(caller, companyId, issueId, key, cancellationToken).ConfigureAwait(false)).Value;

    /// <summary>The issue's documents with their bodies, by key.</summary>
    public async Task<IReadOnlyList<IssueDocument>> ListAsync(Caller caller, Guid companyId, Guid issueId, CancellationToken cancellationToken)
    {
        await this.EnsureIssueAsync(caller, companyId, issueId, cancellationToken).ConfigureAwait(false);
        return [.. (await documents.ListAsync(companyId, issueId, cancellationToken).ConfigureAwait(false)).OrderBy(d => d.Key, StringComparer.Ordinal).ThenByDescending(d => d.UpdatedAt)];
    }

    /// <summary>The document's revisions, newest first.</summary>
    public async Task<IReadOnlyList<IssueDocumentRevision>> RevisionsAsync(Caller caller, Guid companyId, Guid issueId, string key, CancellationToken cancellationToken)
    {
        Versioned<IssueDocument> document = await this.LoadAsync(caller, companyId, issueId, key, cancellationToken).ConfigureAwait(false);
        return await documents.ListRevisionsAsync(document.Value, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates or updates the document; <c>Created</c> tells the two apart (201 or 200).</summary>
    public async Task<(IssueDocument Document, bool Created)> PutAsync(Caller caller, Guid companyId, Guid issueId, string key, PutDocumentCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(command);
        string normalized = NormalizeKey(key);
        await this.EnsureIssueAsync(caller, companyId, issueId, cancellationToken).ConfigureAwait(false);
        DateTimeOffset now = time.GetUtcNow();
        Versioned<IssueDocument>? current = await documents.GetAsync(companyId, issueId, normalized, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            if (command.BaseRevisionId is not null)
            {
                throw PaperclipException.Conflict(DocumentMissing, "Document does not exist yet");
            }

            Guid documentId = Guid.CreateVersion7();
            IssueDocumentRevision first = Revision(caller, companyId, documentId, issueId, normalized, 1, command, null, now);
            IssueDocument created = new(documentId, companyId, issueId, normalized, command.Title, command.Format, command.Body, first.Id, 1,
                caller.IsBoard ? null : caller.AgentId, caller.BoardUserId, caller.IsBoard ? null : caller.AgentId, caller.BoardUserId, now, now);
            try
            {
                await documents.CreateAsync(created, first, cancellationToken).ConfigureAwait(false);
            }
            catch (PaperclipException ex) when (ex.Code == ErrorCodes.AlreadyExists)
            {
                throw PaperclipException.Conflict(ErrorCodes.AlreadyExists, "Document key already exists on this issue");
            }

            await audit.RecordAsync(caller, companyId, "issue.document_created", "issue", issueId, Details(created), cancellationToken).ConfigureAwait(false);
            return (created, true);
        }

        IssueDocument existing = current.Value;
        if (command.BaseRevisionId is not { } baseRevision)
        {
            throw WithCurrent(BaseRevisionRequired, "Document update requires baseRevisionId", existing);
        }

        if (baseRevision != existing.LatestRevisionId)
        {
            throw WithCurrent(RevisionConflict, "Document was updated by someone else", existing);
        }

        IssueDocumentRevision next = Revision(caller, companyId, existing.Id, issueId, normalized, existing.LatestRevisionNumber + 1, command, existing.LatestRevisionId, now);
        IssueDocument updated = existing with
        {
            Title = command.Title ?? existing.Title,
            Format = command.Format,
            Body = command.Body,
            LatestRevisionId = next.Id,
            LatestRevisionNumber = next.RevisionNumber,
            UpdatedByAgentId = caller.IsBoard ? null : caller.AgentId,
            UpdatedByUserId = caller.BoardUserId,
            UpdatedAt = now,
        };
        try
        {
            await documents.UpdateAsync(updated, current.ETag, next, cancellationToken).ConfigureAwait(false);
        }
        catch (PaperclipException ex) when (ex.Code == ErrorCodes.ConcurrencyConflict)
        {
            // Another write moved it between our read and our write: the same answer as a stale base.
            Versioned<IssueDocument>? fresh = await documents.GetAsync(companyId, issueId, normalized, cancellationToken).ConfigureAwait(false);
            throw WithCurrent(RevisionConflict, "Document was updated by someone else", fresh?.Value ?? existing);
        }

        await audit.RecordAsync(caller, companyId, "issue.document_updated", "issue", issueId, Details(updated), cancellationToken).ConfigureAwait(false);
        return (updated, false);
    }

    /// <summary>Deletes the document (the board only: an agent gets 403 "Board authentication required").</summary>
    public async Task DeleteAsync(Caller caller, Guid companyId, Guid issueId, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsBoard)
        {
            throw new PaperclipException(403, ErrorCodes.Forbidden, "Forbidden", "Board authentication required");
        }

        Versioned<IssueDocument> document = await this.LoadAsync(caller, companyId, issueId, key, cancellationToken).ConfigureAwait(false);
        await documents.DeleteAsync(document.Value, cancellationToken).ConfigureAwait(false);
        await audit.RecordAsync(caller, companyId, "issue.document_deleted", "issue", issueId, Details(document.Value), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Upstream's key rule: lower-cased, then 1–64 characters of <c>[a-z0-9][a-z0-9_-]*</c>; else 400 "Invalid document key".</summary>
    public static string NormalizeKey(string key)
    {
        string lowered = (key ?? string.Empty).ToLowerInvariant();
        return KeyPattern().IsMatch(lowered) ? lowered : throw PaperclipException.Validation("key", "Invalid document key");
    }

    async Task<Versioned<IssueDocument>> LoadAsync(Caller caller, Guid companyId, Guid issueId, string key, CancellationToken cancellationToken)
    {
        string normalized = NormalizeKey(key);
        await this.EnsureIssueAsync(caller, companyId, issueId, cancellationToken).ConfigureAwait(false);
        return await documents.GetAsync(companyId, issueId, normalized, cancellationToken).ConfigureAwait(false)
            ?? throw new PaperclipException(404, ErrorCodes.NotFound, "Not found", "Document not found");
    }

    async Task EnsureIssueAsync(Caller caller, Guid companyId, Guid issueId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        caller.EnsureCompany(companyId);
        _ = await issues.GetAsync(companyId, issueId, cancellationToken).ConfigureAwait(false)
            ?? throw new PaperclipException(404, ErrorCodes.NotFound, "Not found", "Issue not found");
    }

    static IssueDocumentRevision Revision(Caller caller, Guid companyId, Guid documentId, Guid issueId, string key, int number, PutDocumentCommand command, Guid? previous, DateTimeOffset now) =>
        new(Guid.CreateVersion7(), companyId, documentId, issueId, key, number, command.Body, command.ChangeSummary, caller.IsBoard ? null : caller.AgentId, caller.BoardUserId, now)
        {
            PreviousRevisionId = previous,
        };

    static PaperclipException WithCurrent(string code, string detail, IssueDocument current) => new(409, code, "Conflict", detail)
    {
        Extensions = new Dictionary<string, object?> { ["currentRevisionId"] = current.LatestRevisionId, ["currentRevisionNumber"] = current.LatestRevisionNumber },
    };

    static Dictionary<string, object?> Details(IssueDocument document) => new()
    {
        ["key"] = document.Key,
        ["documentId"] = document.Id,
        ["revisionId"] = document.LatestRevisionId,
        ["revisionNumber"] = document.LatestRevisionNumber,
    };

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}
