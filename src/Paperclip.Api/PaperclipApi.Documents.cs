using Microsoft.AspNetCore.Http;
using Paperclip.Core.Domain;
using Paperclip.Core.Services.Documents;

namespace Paperclip.Api;

/// <summary>Issue documents (upstream's <c>/api/issues/{id}/documents/{key}</c>), in both route shapes.</summary>
public sealed partial class PaperclipApi
{
    /// <summary>GET …/issues/{issueId}/documents.</summary>
    public Task<IResult> ListIssueDocuments(HttpContext http, string? companyId, string issueId) => this.IssueAuthed(http, ApiRoutes.ListIssueDocuments, companyId, issueId, async (caller, cid, iid, ct) =>
        ApiResults.Ok(await documents.ListAsync(caller, cid, iid, ct)));

    /// <summary>GET …/issues/{issueId}/documents/{key}.</summary>
    public Task<IResult> GetIssueDocument(HttpContext http, string? companyId, string issueId, string key) => this.IssueAuthed(http, ApiRoutes.GetIssueDocument, companyId, issueId, async (caller, cid, iid, ct) =>
        ApiResults.Ok(await documents.GetAsync(caller, cid, iid, key, ct)));

    /// <summary>PUT …/issues/{issueId}/documents/{key}: 201 for a new document, 200 for a new revision.</summary>
    public Task<IResult> PutIssueDocument(HttpContext http, string? companyId, string issueId, string key) => this.IssueAuthed(http, ApiRoutes.PutIssueDocument, companyId, issueId, async (caller, cid, iid, ct) =>
    {
        DocumentService.NormalizeKey(key);
        (IssueDocument document, bool created) = await documents.PutAsync(caller, cid, iid, key, await Read<PutDocumentCommand>(http, ApiRoutes.PutIssueDocument, ct), ct);
        return ApiResults.Json(document, created ? 201 : 200);
    });

    /// <summary>GET …/issues/{issueId}/documents/{key}/revisions.</summary>
    public Task<IResult> ListIssueDocumentRevisions(HttpContext http, string? companyId, string issueId, string key) => this.IssueAuthed(http, ApiRoutes.ListIssueDocumentRevisions, companyId, issueId, async (caller, cid, iid, ct) =>
        ApiResults.Ok(await documents.RevisionsAsync(caller, cid, iid, key, ct)));

    /// <summary>DELETE …/issues/{issueId}/documents/{key} (board).</summary>
    public Task<IResult> DeleteIssueDocument(HttpContext http, string? companyId, string issueId, string key) => this.IssueAuthed(http, ApiRoutes.DeleteIssueDocument, companyId, issueId, async (caller, cid, iid, ct) =>
    {
        await documents.DeleteAsync(caller, cid, iid, key, ct);
        return ApiResults.Ok(new Acknowledged(true));
    });
}
