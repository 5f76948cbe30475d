using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Paperclip.Core.Auth;
using Paperclip.Core.Domain;
using Paperclip.Core.Errors;
using Paperclip.Core.Ports;
using Paperclip.Core.Secrets;
using Paperclip.Core.Services;
using Paperclip.Core.Services.Agents;
using Paperclip.Core.Services.Comments;
using Paperclip.Core.Services.Companies;
using Paperclip.Core.Services.Documents;
using Paperclip.Core.Services.Environments;
using Paperclip.Core.Services.Interactions;
using Paperclip.Core.Services.Issues;
using Paperclip.Core.Services.Projects;
using Paperclip.Core.Services.Runs;
using Paperclip.Core.Services.Workspaces;
using Paperclip.Core.Validation;

namespace Paperclip.Api;

/// <summary>
/// The HTTP handlers, written once for both hosts: each binds and validates, calls one service and maps the
/// outcome to JSON or problem+json. Route values arrive as explicit arguments so neither host's routing
/// details leak in.
/// </summary>
public sealed partial class PaperclipApi(
    Authenticator authenticator,
    CompanyService companies,
    AgentService agents,
    ProjectService projects,
    EnvironmentService environments,
    EnvironmentLeaseService environmentLeases,
    IssueService issues,
    IssueLocator issueLocator,
    DependencyService dependencies,
    InteractionService interactions,
    RunService runs,
    WorkspaceViews workspaceViews,
    WorkspaceArchiveService workspaceArchives,
    CommentService comments,
    DocumentService documents,
    CheckoutService checkouts,
    AgentSelfService self,
    HeartbeatContextService heartbeatContexts,
    VaultService vaults,
    SecretService secrets,
    SecretImportService imports,
    HealthProbe health,
    Audit audit,
    TimeProvider timeProvider,
    ILogger<PaperclipApi> logger)
{
    /// <summary>GET /api/health.</summary>
    public Task<IResult> Health(HttpContext http) => this.Handle(http, ApiRoutes.Health, async ct =>
    {
        HealthReport report = await health.CheckAsync(ct).ConfigureAwait(false);
        return ApiResults.Json(report, report.Status == "healthy" ? 200 : 503);
    });

    /// <summary>GET /api/openapi.json.</summary>
    public Task<IResult> OpenApi(HttpContext http) => this.Handle(http, ApiRoutes.OpenApi, _ =>
        Task.FromResult(Results.Text(OpenApiDocument.Json, "application/json")));

    /// <summary>POST /api/companies.</summary>
    public Task<IResult> CreateCompany(HttpContext http) => this.Authed(http, ApiRoutes.CreateCompany, async (caller, ct) =>
        ApiResults.Json(await companies.CreateAsync(caller, await Read<CreateCompanyCommand>(http, ApiRoutes.CreateCompany, ct), ct), 201));

    /// <summary>GET /api/companies.</summary>
    public Task<IResult> ListCompanies(HttpContext http) => this.Authed(http, ApiRoutes.ListCompanies, async (caller, ct) =>
    {
        return ApiResults.Ok(await companies.ListAsync(caller, ct));
    });

    /// <summary>GET /api/companies/{companyId}.</summary>
    public Task<IResult> GetCompany(HttpContext http, string companyId) => this.Authed(http, ApiRoutes.GetCompany, async (caller, ct) =>
        ApiResults.Ok(await companies.GetAsync(caller, Id(companyId, nameof(companyId)), ct)));

    /// <summary>POST /api/companies/{companyId}/agents.</summary>
    public Task<IResult> CreateAgent(HttpContext http, string companyId) => this.Authed(http, ApiRoutes.CreateAgent, async (caller, ct) =>
    {
        Guid cid = Id(companyId, nameof(companyId));
        return ApiResults.Json(await agents.CreateAsync(caller, cid, await Read<CreateAgentCommand>(http, ApiRoutes.CreateAgent, ct), ct), 201);
    });

    /// <summary>GET /api/companies/{companyId}/agents.</summary>
    public Task<IResult> ListAgents(HttpContext http, string companyId) => this.Authed(http, ApiRoutes.ListAgents, async (caller, ct) =>
    {
        return ApiResults.Ok(await agents.ListAsync(caller, Id(companyId, nameof(companyId)), ct));
    });

    /// <summary>GET /api/companies/{companyId}/agents/{agentId}.</summary>
    public Task<IResult> GetAgent(HttpContext http, string companyId, string agentId) => this.Authed(http, ApiRoutes.GetAgent, async (caller, ct) =>
        ApiResults.Ok(await agents.GetAsync(caller, Id(companyId, nameof(companyId)), Id(agentId, nameof(agentId)), ct)));

    /// <summary>PATCH /api/companies/{companyId}/agents/{agentId}.</summary>
    public Task<IResult> PatchAgent(HttpContext http, string companyId, string agentId) => this.Authed(http, ApiRoutes.PatchAgent, async (caller, ct) =>
    {
        (Guid cid, Guid aid) = (Id(companyId, nameof(companyId)), Id(agentId, nameof(agentId)));
        (PatchAgentCommand command, Func<HeartbeatPolicy, HeartbeatPolicy> heartbeat) = await Read<(PatchAgentCommand, Func<HeartbeatPolicy, HeartbeatPolicy>)>(http, ApiRoutes.PatchAgent, ct);
        return ApiResults.Ok(await agents.PatchAsync(caller, cid, aid, command, heartbeat, ct));
    });

    /// <summary>GET /api/companies/{companyId}/agents/{agentId}/wakeups.</summary>
    public Task<IResult> ListAgentWakeups(HttpContext http, string companyId, string agentId) => this.Authed(http, ApiRoutes.ListAgentWakeups, async (caller, ct) =>
        ApiResults.Ok(await runs.ListWakesAsync(caller, Id(companyId, nameof(companyId)), Id(agentId, nameof(agentId)), ct)));

    /// <summary>POST /api/companies/{companyId}/agents/{agentId}/keys.</summary>
    public Task<IResult> CreateAgentKey(HttpContext http, string companyId, string agentId) => this.Authed(http, ApiRoutes.CreateAgentKey, async (caller, ct) =>
    {
        (Guid cid, Guid aid) = (Id(companyId, nameof(companyId)), Id(agentId, nameof(agentId)));
        return ApiResults.Json(await agents.CreateKeyAsync(caller, cid, aid, await Read<CreateAgentKeyCommand>(http, ApiRoutes.CreateAgentKey, ct), ct), 201);
    });

    /// <summary>POST /api/companies/{companyId}/agents/{agentId}/wakeup.</summary>
    public Task<IResult> WakeupAgent(HttpContext http, string companyId, string agentId) => this.Authed(http, ApiRoutes.WakeupAgent, async (caller, ct) =>
    {
        (Guid cid, Guid aid) = (Id(companyId, nameof(companyId)), Id(agentId, nameof(agentId)));
        return ApiResults.Json(await runs.WakeupAsync(caller, cid, aid, await Read<WakeupCommand>(http, ApiRoutes.WakeupAgent, ct), ct), 202);
    });

    /// <summary>POST /api/companies/{companyId}/projects.</summary>
    public Task<IResult> CreateProject(HttpContext http, string companyId) => this.Authed(http, ApiRoutes.CreateProject, async (caller, ct) =>
    {
        Guid cid = Id(companyId, nameof(companyId));
        return ApiResults.Json(await projects.CreateAsync(caller, cid, await Read<CreateProjectCommand>(http, ApiRoutes.CreateProject, ct), ct), 201);
    });

    /// <summary>GET /api/companies/{companyId}/projects.</summary>
    public Task<IResult> ListProjects(HttpContext http, string companyId) => this.Authed(http, ApiRoutes.ListProjects, async (caller, ct) =>
    {
        return ApiResults.Ok(await projects.ListAsync(caller, Id(companyId, nameof(companyId)), ct));
    });

    /// <summary>GET /api/companies/{companyId}/projects/{projectId}.</summary>
    public Task<IResult> GetProject(HttpContext http, string companyId, string projectId) => this.Authed(http, ApiRoutes.GetProject, async (caller, ct) =>
        ApiResults.Ok(await projects.GetAsync(caller, Id(companyId, nameof(companyId)), Id(projectId, nameof(projectId)), ct)));

    /// <summary>POST /api/companies/{companyId}/issues.</summary>
    public Task<IResult> CreateIssue(HttpContext http, string companyId) => this.Authed(http, ApiRoutes.CreateIssue, async (caller, ct) =>
    {
        Guid cid = Id(companyId, nameof(companyId));
        return ApiResults.Json(await issues.CreateAsync(caller, cid, await Read<CreateIssueCommand>(http, ApiRoutes.CreateIssue, ct), ct), 201);
    });

    /// <summary>GET /api/companies/{companyId}/issues?status=&amp;assigneeAgentId=.</summary>
    public Task<IResult> ListIssues(HttpContext http, string companyId) => this.Authed(http, ApiRoutes.ListIssues, async (caller, ct) =>
    {
        Guid cid = Id(companyId, nameof(companyId));
        QueryReader query = Query(http);
        IssueStatus? status = query.Enum<IssueStatus>("status");
        Guid? assignee = query.Id("assigneeAgentId");
        return ApiResults.Ok(await issues.ListAsync(caller, cid, status, assignee, ct));
    });

    /// <summary>GET /api/companies/{companyId}/issues/{issueId}.</summary>
    public Task<IResult> GetIssue(HttpContext http, string? companyId, string issueId) => this.IssueAuthed(http, ApiRoutes.GetIssue, companyId, issueId, async (caller, cid, iid, ct) =>
        ApiResults.Ok(await issues.GetAsync(caller, cid, iid, ct)));

    /// <summary>PATCH /api/companies/{companyId}/issues/{issueId}.</summary>
    public Task<IResult> PatchIssue(HttpContext http, string? companyId, string issueId) => this.IssueAuthed(http, ApiRoutes.PatchIssue, companyId, issueId, async (caller, cid, iid, ct) =>
    {
        return ApiResults.Ok(await issues.PatchAsync(caller, cid, iid, await Read<PatchIssueCommand>(http, ApiRoutes.PatchIssue, ct), ct));
    });

    /// <summary>GET /api/companies/{companyId}/issues/{issueId}/readiness.</summary>
    public Task<IResult> GetIssueReadiness(HttpContext http, string? companyId, string issueId) => this.IssueAuthed(http, ApiRoutes.GetIssueReadiness, companyId, issueId, async (caller, cid, iid, ct) =>
        ApiResults.Ok(await dependencies.GetReadinessAsync(caller, cid, iid, ct)));

    /// <summary>GET /api/companies/{companyId}/issues/{issueId}/interactions.</summary>
    public Task<IResult> ListInteractions(HttpContext http, string? companyId, string issueId) => this.IssueAuthed(http, ApiRoutes.ListInteractions, companyId, issueId, async (caller, cid, iid, ct) =>
    {
        return ApiResults.Ok(await interactions.ListAsync(caller, cid, iid, ct));
    });

    /// <summary>POST /api/companies/{companyId}/issues/{issueId}/interactions: 201, or 200 with the existing card for a repeated idempotency key.</summary>
    public Task<IResult> CreateInteraction(HttpContext http, string? companyId, string issueId) => this.IssueAuthed(http, ApiRoutes.CreateInteraction, companyId, issueId, async (caller, cid, iid, ct) =>
    {
        (Interaction interaction, bool created) = await interactions.CreateAsync(caller, cid, iid, await Read<CreateInteractionCommand>(http, ApiRoutes.CreateInteraction, ct), ct);
        return ApiResults.Json(interaction, created ? 201 : 200);
    });

    /// <summary>GET /api/companies/{companyId}/issues/{issueId}/interactions/{interactionId}.</summary>
    public Task<IResult> GetInteraction(HttpContext http, string? companyId, string issueId, string interactionId) => this.IssueAuthed(http, ApiRoutes.GetInteraction, companyId, issueId, async (caller, cid, iid, ct) =>
        ApiResults.Ok(await interactions.GetAsync(caller, cid, iid, Id(interactionId, nameof(interactionId)), ct)));

    /// <summary>POST …/interactions/{interactionId}/accept.</summary>
    public Task<IResult> AcceptInteraction(HttpContext http, string? companyId, string issueId, string interactionId) => this.IssueAuthed(http, ApiRoutes.AcceptInteraction, companyId, issueId, async (caller, cid, iid, ct) =>
    {
        Guid xid = Id(interactionId, nameof(interactionId));
        return ApiResults.Ok(await interactions.AcceptAsync(caller, cid, iid, xid, await Read<ResolveInteractionCommand>(http, ApiRoutes.AcceptInteraction, ct), ct));
    });

    /// <summary>POST …/interactions/{interactionId}/reject.</summary>
    public Task<IResult> RejectInteraction(HttpContext http, string? companyId, string issueId, string interactionId) => this.IssueAuthed(http, ApiRoutes.RejectInteraction, companyId, issueId, async (caller, cid, iid, ct) =>
    {
        Guid xid = Id(interactionId, nameof(interactionId));
        return ApiResults.Ok(await interactions.RejectAsync(caller, cid, iid, xid, await Read<ResolveInteractionCommand>(http, ApiRoutes.RejectInteraction, ct), ct));
    });

    /// <summary>POST …/interactions/{interactionId}/respond.</summary>
    public Task<IResult> RespondInteraction(HttpContext http, string? companyId, string issueId, string interactionId) => this.IssueAuthed(http, ApiRoutes.RespondInteraction, companyId, issueId, async (caller, cid, iid, ct) =>
    {
        Guid xid = Id(interactionId, nameof(interactionId));
        return ApiResults.Ok(await interactions.RespondAsync(caller, cid, iid, xid, await Read<IReadOnlyList<QuestionAnswer>>(http, ApiRoutes.RespondInteraction, ct), ct));
    });

    /// <summary>POST …/interactions/{interactionId}/cancel.</summary>
    public Task<IResult> CancelInteraction(HttpContext http, string? companyId, string issueId, string interactionId) => this.IssueAuthed(http, ApiRoutes.CancelInteraction, companyId, issueId, async (caller, cid, iid, ct) =>
    {
        Guid xid = Id(interactionId, nameof(interactionId));
        return ApiResults.Ok(await interactions.CancelQuestionsAsync(caller, cid, iid, xid, (await Read<ResolveInteractionCommand>(http, ApiRoutes.CancelInteraction, ct)).Reason, ct));
    });

    /// <summary>GET /api/companies/{companyId}/runs?issueId=.</summary>
    public Task<IResult> ListRuns(HttpContext http, string companyId) => this.Authed(http, ApiRoutes.ListRuns, async (caller, ct) =>
    {
        Guid cid = Id(companyId, nameof(companyId));
        QueryReader query = Query(http);
        RunQuery filter = new(query.Id("issueId"), query.Id("agentId"), query.Enum<RunStatus>("status"))
        {
            Limit = query.Number("limit") ?? RunQuery.DefaultLimit,
        };
        return ApiResults.Ok(await runs.ListAsync(caller, cid, filter, ct));
    });

    /// <summary>GET /api/companies/{companyId}/runs/{runId}.</summary>
    public Task<IResult> GetRun(HttpContext http, string companyId, string runId) => this.Authed(http, ApiRoutes.GetRun, async (caller, ct) =>
        ApiResults.Ok(await runs.GetAsync(caller, Id(companyId, nameof(companyId)), Id(runId, nameof(runId)), ct)));

    /// <summary>POST /api/companies/{companyId}/runs/{runId}/cancel: 202 with the run (cancellation completes asynchronously).</summary>
    public Task<IResult> CancelRun(HttpContext http, string companyId, string runId) => this.Authed(http, ApiRoutes.CancelRun, async (caller, ct) =>
    {
        return ApiResults.Json(await runs.CancelAsync(caller, Id(companyId, nameof(companyId)), Id(runId, nameof(runId)), ct), 202);
    });

    /// <summary>GET /api/companies/{companyId}/runs/{runId}/log?offset=&amp;limit=&amp;follow=.</summary>
    public Task<IResult> GetRunLog(HttpContext http, string companyId, string runId) => this.Authed(http, ApiRoutes.GetRunLog, async (caller, ct) =>
    {
        (Guid cid, Guid rid) = (Id(companyId, nameof(companyId)), Id(runId, nameof(runId)));
        QueryReader query = Query(http);
        long offset = query.Number64("offset") ?? 0;
        int limit = query.Number("limit") ?? RunLogSlice.DefaultBytes;
        bool follow = query.Flag("follow") ?? false;

        // Read once before answering, so an unknown run is a 404 problem rather than an empty stream.
        RunLogSlice first = await runs.ReadLogAsync(caller, cid, rid, offset, follow ? RunLogSlice.MaxBytes : limit, ct);
        return follow
            ? new RunLogFollow(first, next => runs.ReadLogAsync(caller, cid, rid, next, RunLogSlice.MaxBytes, http.RequestAborted), timeProvider)
            : ApiResults.Ok(first);
    });

    /// <summary>GET /api/companies/{companyId}/workspaces/{workspaceId}.</summary>
    public Task<IResult> GetWorkspace(HttpContext http, string companyId, string workspaceId) => this.Authed(http, ApiRoutes.GetWorkspace, async (caller, ct) =>
    {
        return ApiResults.Ok(await workspaceViews.GetAsync(caller, Id(companyId, nameof(companyId)), Id(workspaceId, nameof(workspaceId)), ct));
    });

    /// <summary>GET /api/companies/{companyId}/workspaces?issueId=&amp;status=.</summary>
    public Task<IResult> ListWorkspaces(HttpContext http, string companyId) => this.Authed(http, ApiRoutes.ListWorkspaces, async (caller, ct) =>
    {
        Guid cid = Id(companyId, nameof(companyId));
        QueryReader query = Query(http);
        Guid? issueId = query.Id("issueId");
        ExecutionWorkspaceStatus? status = query.Enum<ExecutionWorkspaceStatus>("status");
        return ApiResults.Ok(await workspaceViews.ListAsync(caller, cid, issueId, status, ct));
    });

    /// <summary>POST /api/companies/{companyId}/workspaces/{workspaceId}/archive.</summary>
    public Task<IResult> ArchiveWorkspace(HttpContext http, string companyId, string workspaceId) => this.Authed(http, ApiRoutes.ArchiveWorkspace, async (caller, ct) =>
    {
        (WorkspaceView workspace, bool started) = await workspaceArchives.ArchiveAsync(caller, Id(companyId, nameof(companyId)), Id(workspaceId, nameof(workspaceId)), ct);
        return started ? ApiResults.Json(workspace, 202) : ApiResults.Ok(workspace);
    });

    /// <summary>GET /api/companies/{companyId}/workspaces/{workspaceId}/operations.</summary>
    public Task<IResult> ListWorkspaceOperations(HttpContext http, string companyId, string workspaceId) => this.Authed(http, ApiRoutes.ListWorkspaceOperations, async (caller, ct) =>
    {
        return ApiResults.Ok(await workspaceViews.OperationsAsync(caller, Id(companyId, nameof(companyId)), Id(workspaceId, nameof(workspaceId)), ct));
    });

    /// <summary>GET /api/companies/{companyId}/activity?limit=.</summary>
    public Task<IResult> ListActivity(HttpContext http, string companyId) => this.Authed(http, ApiRoutes.ListActivity, async (caller, ct) =>
    {
        Guid cid = Id(companyId, nameof(companyId));
        QueryReader query = Query(http);
        int limit = query.Number("limit") ?? 100;
        return ApiResults.Ok(await audit.ListAsync(caller, cid, limit, ct));
    });

    Task<IResult> Authed(HttpContext http, ApiRoute route, Func<Caller, CancellationToken, Task<IResult>> handler) =>
        this.Handle(http, route, async ct =>
        {
            Caller caller = await authenticator.AuthenticateAsync(http.Request.Headers.Authorization.ToString() is { Length: > 0 } h ? h : null, ct).ConfigureAwait(false);

            // Who first (401), then what: the query is checked against the route before the handler runs.
            http.Items[typeof(QueryReader)] = new QueryReader(http.Request.Query, route);
            return await handler(WithRunHeader(http, caller), ct).ConfigureAwait(false);
        });

    /// <summary>
    /// An issue-level route, in either shape: under <c>companies/{companyId}/</c>, or without a company as upstream's
    /// agents call it (<paramref name="companyId"/> null; the company then comes from the caller or the issue). The
    /// issue may be named by id or identifier in both.
    /// </summary>
    Task<IResult> IssueAuthed(HttpContext http, ApiRoute route, string? companyId, string issueId, Func<Caller, Guid, Guid, CancellationToken, Task<IResult>> handler) =>
        this.Authed(http, companyId is null ? ApiRoutes.WithoutCompany(route) : route, async (caller, ct) =>
        {
            Guid? scoped = companyId is null ? null : Id(companyId, nameof(companyId));
            (Guid cid, Guid iid) = await issueLocator.ResolveAsync(caller, scoped, issueId, ct).ConfigureAwait(false);
            return await handler(caller, cid, iid, ct).ConfigureAwait(false);
        });

    /// <summary>
    /// Upstream's agents send <c>X-Paperclip-Run-Id</c> with their writes. A run-scoped key already names its run: a
    /// header naming another is refused (422 <c>run_id_mismatch</c>); for a long-lived key the header names the run.
    /// The board's calls carry no run.
    /// </summary>
    static Caller WithRunHeader(HttpContext http, Caller caller)
    {
        if (caller.IsBoard || http.Request.Headers[RunIdHeader].ToString() is not { Length: > 0 } header)
        {
            return caller;
        }

        if (!Guid.TryParse(header, out Guid runId))
        {
            throw PaperclipException.Validation(RunIdHeader, "must be a run id (a UUID).");
        }

        return caller.RunId is { } own && own != runId
            ? throw new PaperclipException(422, ErrorCodes.RunIdMismatch, "Run id mismatch", $"{RunIdHeader} does not match the run this key was issued for.")
            : caller with { RunId = runId };
    }

    /// <summary>The header upstream's agents name their run in.</summary>
    public const string RunIdHeader = "X-Paperclip-Run-Id";

    async Task<IResult> Handle(HttpContext http, ApiRoute route, Func<CancellationToken, Task<IResult>> handler)
    {
        try
        {
            if (route.Anonymous)
            {
                http.Items[typeof(QueryReader)] = new QueryReader(http.Request.Query, route);
            }

            return ContractCheck.Verified(route, await handler(http.RequestAborted).ConfigureAwait(false));
        }
        catch (PaperclipException ex)
        {
            return ApiResults.Problem(ex, http.TraceIdentifier);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return Results.StatusCode(499);
        }
        catch (Exception ex)
        {
            logger.Unhandled(ex, route.Name, http.TraceIdentifier);
            return ApiResults.Problem(new PaperclipException(500, "internal_error", "Internal error", "An unexpected error occurred; see the server log for the trace id."), http.TraceIdentifier);
        }
    }

    static Guid Id(string value, string field) =>
        Guid.TryParse(value, out Guid id) && id != Guid.Empty ? id : throw PaperclipException.Validation(field, "must be an id (a UUID).");

    /// <summary>The request's query, read and checked by its route before the handler ran.</summary>
    static QueryReader Query(HttpContext http) =>
        http.Items[typeof(QueryReader)] as QueryReader ?? throw new InvalidOperationException("The query is read by Handle before a handler runs.");

    /// <summary>Reads the body with the parser the route names (the one the OpenAPI document describes).</summary>
    static async Task<T> Read<T>(HttpContext http, ApiRoute route, CancellationToken ct)
    {
        BodyReader<T> reader = route.Body as BodyReader<T>
            ?? throw new InvalidOperationException($"Route {route.Name} does not read a {typeof(T).Name} body.");
        RequestBody? body = await OptionalBody(http, route.MaxBodyBytes, ct).ConfigureAwait(false);
        return body is null && reader.Required
            ? throw PaperclipException.Validation("body", "A JSON object body is required.")
            : reader.Parse(body);
    }

    static async Task<RequestBody?> OptionalBody(HttpContext http, int maxBytes, CancellationToken ct)
    {
        string? contentType = http.Request.ContentType;
        if (contentType is not null && !contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            throw new PaperclipException(415, "unsupported_media_type", "Unsupported media type", "Send the body as application/json.");
        }

        using MemoryStream buffer = new();
        byte[] chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new PaperclipException(413, "payload_too_large", "Payload too large", $"The body is larger than {maxBytes} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        ReadOnlySpan<byte> bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        return bytes.Trim(" \t\r\n"u8).IsEmpty ? null : RequestBody.Parse(bytes, maxBytes);
    }
}
