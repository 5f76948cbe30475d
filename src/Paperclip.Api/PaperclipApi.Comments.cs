using Microsoft.AspNetCore.Http;
using Paperclip.Core.Services.Comments;
using Paperclip.Core.Services.Issues;

namespace Paperclip.Api;

/// <summary>What agents call in a heartbeat: who they are, their inbox, comments, checkout and release (upstream's shapes and rules).</summary>
public sealed partial class PaperclipApi
{
    /// <summary>POST /api/companies/{companyId}/issues/{issueId}/comments: 201 with the comment.</summary>
    public Task<IResult> CreateIssueComment(HttpContext http, string? companyId, string issueId) => this.IssueAuthed(http, ApiRoutes.CreateIssueComment, companyId, issueId, async (caller, cid, iid, ct) =>
    {
        return ApiResults.Json(await comments.CreateAsync(caller, cid, iid, await Read<CreateCommentCommand>(http, ApiRoutes.CreateIssueComment, ct), ct), 201);
    });

    /// <summary>GET /api/companies/{companyId}/issues/{issueId}/comments?after=&amp;order=&amp;limit=.</summary>
    public Task<IResult> ListIssueComments(HttpContext http, string? companyId, string issueId) => this.IssueAuthed(http, ApiRoutes.ListIssueComments, companyId, issueId, async (caller, cid, iid, ct) =>
    {
        QueryReader query = Query(http);

        // afterCommentId is upstream's alias of after.
        Guid? after = query.Id("after") ?? query.Id("afterCommentId");
        string? order = query.Choice("order");
        int? limit = query.Number("limit");
        return ApiResults.Ok(await comments.ListAsync(caller, cid, iid, new CommentQuery(after, order == "asc", limit), ct));
    });

    /// <summary>GET /api/agents/me.</summary>
    public Task<IResult> GetAgentMe(HttpContext http) => this.Authed(http, ApiRoutes.GetAgentMe, async (caller, ct) =>
    {
        return ApiResults.Ok(await self.MeAsync(caller, ct));
    });

    /// <summary>GET /api/agents/me/inbox-lite.</summary>
    public Task<IResult> GetAgentInboxLite(HttpContext http) => this.Authed(http, ApiRoutes.GetAgentInboxLite, async (caller, ct) =>
    {
        return ApiResults.Ok(await self.InboxLiteAsync(caller, ct));
    });

    /// <summary>GET /api/companies/{companyId}/issues/{issueId}/heartbeat-context?wakeCommentId=.</summary>
    public Task<IResult> GetHeartbeatContext(HttpContext http, string? companyId, string issueId) => this.IssueAuthed(http, ApiRoutes.GetHeartbeatContext, companyId, issueId, async (caller, cid, iid, ct) =>
    {
        QueryReader query = Query(http);
        Guid? wakeCommentId = query.Id("wakeCommentId");
        return ApiResults.Ok(await heartbeatContexts.GetAsync(caller, cid, iid, wakeCommentId, ct));
    });

    /// <summary>POST /api/companies/{companyId}/issues/{issueId}/checkout.</summary>
    public Task<IResult> CheckoutIssue(HttpContext http, string? companyId, string issueId) => this.IssueAuthed(http, ApiRoutes.CheckoutIssue, companyId, issueId, async (caller, cid, iid, ct) =>
    {
        return ApiResults.Ok(await checkouts.CheckoutAsync(caller, cid, iid, await Read<CheckoutCommand>(http, ApiRoutes.CheckoutIssue, ct), ct));
    });

    /// <summary>POST /api/companies/{companyId}/issues/{issueId}/release.</summary>
    public Task<IResult> ReleaseIssue(HttpContext http, string? companyId, string issueId) => this.IssueAuthed(http, ApiRoutes.ReleaseIssue, companyId, issueId, async (caller, cid, iid, ct) =>
    {
        return ApiResults.Ok(await checkouts.ReleaseAsync(caller, cid, iid, ct));
    });

    /// <summary>GET /api/companies/{companyId}/issues/{issueId}/comments/{commentId}.</summary>
    public Task<IResult> GetIssueComment(HttpContext http, string? companyId, string issueId, string commentId) => this.IssueAuthed(http, ApiRoutes.GetIssueComment, companyId, issueId, async (caller, cid, iid, ct) =>
    {
        return ApiResults.Ok(await comments.GetAsync(caller, cid, iid, Id(commentId, nameof(commentId)), ct));
    });
}
