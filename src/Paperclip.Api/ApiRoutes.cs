namespace Paperclip.Api;

/// <summary>
/// Every endpoint, once. Both hosts map exactly these (a test compares the self-host's endpoints and the
/// Functions app's generated metadata with this list), and the OpenAPI document is generated from it.
/// </summary>
public static class ApiRoutes
{
    public static readonly ApiRoute Health = new("GET", "health", "Health", "Checks storage and the durable worker.", Anonymous: true);
    public static readonly ApiRoute OpenApi = new("GET", "openapi.json", "OpenApi", "This API's OpenAPI 3.0 description.", Anonymous: true);
    public static readonly ApiRoute CreateCompany = new("POST", "companies", "CreateCompany", "Creates a company (board).");
    public static readonly ApiRoute ListCompanies = new("GET", "companies", "ListCompanies", "Lists the companies the caller may see.");
    public static readonly ApiRoute GetCompany = new("GET", "companies/{companyId}", "GetCompany", "Gets a company.");
    public static readonly ApiRoute CreateAgent = new("POST", "companies/{companyId}/agents", "CreateAgent", "Hires an agent (board).");
    public static readonly ApiRoute ListAgents = new("GET", "companies/{companyId}/agents", "ListAgents", "Lists the company's agents.");
    public static readonly ApiRoute GetAgent = new("GET", "companies/{companyId}/agents/{agentId}", "GetAgent", "Gets an agent.");
    public static readonly ApiRoute PatchAgent = new("PATCH", "companies/{companyId}/agents/{agentId}", "PatchAgent", "Changes name, status (pause/resume/terminate), runtimeConfig.heartbeat or defaultEnvironmentId (board).");
    public static readonly ApiRoute ListAgentWakeups = new("GET", "companies/{companyId}/agents/{agentId}/wakeups", "ListAgentWakeups", "Lists the agent's recent wakes and what became of each (queued, coalesced, deferred, skipped, failed), newest first.");
    public static readonly ApiRoute CreateAgentKey = new("POST", "companies/{companyId}/agents/{agentId}/keys", "CreateAgentKey", "Issues an agent API key; the key is shown only in this response (board).");
    public static readonly ApiRoute WakeupAgent = new("POST", "companies/{companyId}/agents/{agentId}/wakeup", "WakeupAgent", "Wakes the agent: queues a run on an issue.");
    public static readonly ApiRoute CreateProject = new("POST", "companies/{companyId}/projects", "CreateProject", "Creates a project.");
    public static readonly ApiRoute ListProjects = new("GET", "companies/{companyId}/projects", "ListProjects", "Lists the company's projects.");
    public static readonly ApiRoute GetProject = new("GET", "companies/{companyId}/projects/{projectId}", "GetProject", "Gets a project.");
    public static readonly ApiRoute CreateIssue = new("POST", "companies/{companyId}/issues", "CreateIssue", "Creates an issue with the next identifier.");
    public static readonly ApiRoute ListIssues = new("GET", "companies/{companyId}/issues", "ListIssues", "Lists issues; filters: status, assigneeAgentId.");
    public static readonly ApiRoute GetIssue = new("GET", "companies/{companyId}/issues/{issueId}", "GetIssue", "Gets an issue.");
    public static readonly ApiRoute PatchIssue = new("PATCH", "companies/{companyId}/issues/{issueId}", "PatchIssue", "Changes status, assignee, blockers, title or description.");
    public static readonly ApiRoute GetIssueReadiness = new("GET", "companies/{companyId}/issues/{issueId}/readiness", "GetIssueReadiness", "Dependency readiness: unresolved blockers, and done blockers still pending workspace finalize.");
    public static readonly ApiRoute ListInteractions = new("GET", "companies/{companyId}/issues/{issueId}/interactions", "ListInteractions", "Lists the issue's interactions, oldest first.");
    public static readonly ApiRoute CreateInteraction = new("POST", "companies/{companyId}/issues/{issueId}/interactions", "CreateInteraction", "Creates an interaction (idempotent with idempotencyKey).");
    public static readonly ApiRoute GetInteraction = new("GET", "companies/{companyId}/issues/{issueId}/interactions/{interactionId}", "GetInteraction", "Gets an interaction.");
    public static readonly ApiRoute AcceptInteraction = new("POST", "companies/{companyId}/issues/{issueId}/interactions/{interactionId}/accept", "AcceptInteraction", "Accepts (board); confirmations wait for workspace finalize (409 workspace_finalize_pending).");
    public static readonly ApiRoute RejectInteraction = new("POST", "companies/{companyId}/issues/{issueId}/interactions/{interactionId}/reject", "RejectInteraction", "Rejects (board).");
    public static readonly ApiRoute RespondInteraction = new("POST", "companies/{companyId}/issues/{issueId}/interactions/{interactionId}/respond", "RespondInteraction", "Answers ask_user_questions (board): {answers: [{questionId, optionIds?, otherText?}]}.");
    public static readonly ApiRoute CancelInteraction = new("POST", "companies/{companyId}/issues/{issueId}/interactions/{interactionId}/cancel", "CancelInteraction", "Withdraws ask_user_questions (board, or the agent that asked): {reason?}.");
    public static readonly ApiRoute ListRuns = new("GET", "companies/{companyId}/runs", "ListRuns", "Lists runs, newest first; filter: issueId.");
    public static readonly ApiRoute GetRun = new("GET", "companies/{companyId}/runs/{runId}", "GetRun", "Gets a run with its workspace operations.");

    public static readonly ApiRoute CancelRun = new("POST", "companies/{companyId}/runs/{runId}/cancel", "CancelRun", "Cancels a queued or running run: the agent's process tree is killed and the run ends cancelled.");
    public static readonly ApiRoute GetRunLog = new("GET", "companies/{companyId}/runs/{runId}/log", "GetRunLog", "A run's output from a byte offset (JSON slice), or follow=true to stream it as text until the run ends.");
    public static readonly ApiRoute GetWorkspace = new("GET", "companies/{companyId}/workspaces/{workspaceId}", "GetWorkspace", "Gets an execution workspace's serializer state (active and queued runs).");

    public static readonly ApiRoute ListActivity = new("GET", "companies/{companyId}/activity", "ListActivity", "The company's audit log, newest first; limit 1-500 (default 100).");

    /// <summary>All routes.</summary>
    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        Health, OpenApi, CreateCompany, ListCompanies, GetCompany, CreateAgent, ListAgents, GetAgent, PatchAgent, ListAgentWakeups, CreateAgentKey, WakeupAgent,
        CreateProject, ListProjects, GetProject, CreateIssue, ListIssues, GetIssue, PatchIssue, GetIssueReadiness,
        ListInteractions, CreateInteraction, GetInteraction, AcceptInteraction, RejectInteraction, RespondInteraction, CancelInteraction, ListRuns, GetRun, CancelRun, GetRunLog, GetWorkspace, ListActivity,
    ];
}
