using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Paperclip.Api;
using Paperclip.Functions.Durable;

namespace Paperclip.Functions.Http;

/// <summary>
/// The HTTP triggers: one per <see cref="ApiRoutes"/> entry, each binding the route and the durable client and
/// forwarding to the shared handler. A test checks these against the route table through the generated metadata.
/// </summary>
public sealed class ApiFunctions(PaperclipApi api)
{
    /// <summary>GET /api/health.</summary>
    [Function("Health")]
    public Task<IResult> Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.Health(request.HttpContext));

    /// <summary>GET /api/openapi.json.</summary>
    [Function("OpenApi")]
    public Task<IResult> OpenApi([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.OpenApi(request.HttpContext));

    /// <summary>POST /api/companies.</summary>
    [Function("CreateCompany")]
    public Task<IResult> CreateCompany([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "companies")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.CreateCompany(request.HttpContext));

    /// <summary>GET /api/companies.</summary>
    [Function("ListCompanies")]
    public Task<IResult> ListCompanies([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "companies")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.ListCompanies(request.HttpContext));

    /// <summary>GET /api/companies/{companyId}.</summary>
    [Function("GetCompany")]
    public Task<IResult> GetCompany([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "companies/{companyId}")] HttpRequest request, string companyId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.GetCompany(request.HttpContext, companyId));

    /// <summary>POST /api/companies/{companyId}/agents.</summary>
    [Function("CreateAgent")]
    public Task<IResult> CreateAgent([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "companies/{companyId}/agents")] HttpRequest request, string companyId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.CreateAgent(request.HttpContext, companyId));

    /// <summary>GET /api/companies/{companyId}/agents.</summary>
    [Function("ListAgents")]
    public Task<IResult> ListAgents([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "companies/{companyId}/agents")] HttpRequest request, string companyId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.ListAgents(request.HttpContext, companyId));

    /// <summary>GET /api/companies/{companyId}/agents/{agentId}.</summary>
    [Function("GetAgent")]
    public Task<IResult> GetAgent([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "companies/{companyId}/agents/{agentId}")] HttpRequest request, string companyId, string agentId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.GetAgent(request.HttpContext, companyId, agentId));

    /// <summary>POST /api/companies/{companyId}/agents/{agentId}/keys.</summary>
    [Function("CreateAgentKey")]
    public Task<IResult> CreateAgentKey([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "companies/{companyId}/agents/{agentId}/keys")] HttpRequest request, string companyId, string agentId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.CreateAgentKey(request.HttpContext, companyId, agentId));

    /// <summary>POST /api/companies/{companyId}/agents/{agentId}/wakeup.</summary>
    [Function("WakeupAgent")]
    public Task<IResult> WakeupAgent([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "companies/{companyId}/agents/{agentId}/wakeup")] HttpRequest request, string companyId, string agentId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.WakeupAgent(request.HttpContext, companyId, agentId));

    /// <summary>POST /api/companies/{companyId}/projects.</summary>
    [Function("CreateProject")]
    public Task<IResult> CreateProject([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "companies/{companyId}/projects")] HttpRequest request, string companyId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.CreateProject(request.HttpContext, companyId));

    /// <summary>GET /api/companies/{companyId}/projects.</summary>
    [Function("ListProjects")]
    public Task<IResult> ListProjects([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "companies/{companyId}/projects")] HttpRequest request, string companyId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.ListProjects(request.HttpContext, companyId));

    /// <summary>GET /api/companies/{companyId}/projects/{projectId}.</summary>
    [Function("GetProject")]
    public Task<IResult> GetProject([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "companies/{companyId}/projects/{projectId}")] HttpRequest request, string companyId, string projectId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.GetProject(request.HttpContext, companyId, projectId));

    /// <summary>GET /api/companies/{companyId}/environments.</summary>
    [Function("ListEnvironments")]
    public Task<IResult> ListEnvironments([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "companies/{companyId}/environments")] HttpRequest request, string companyId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.ListEnvironments(request.HttpContext, companyId));

    /// <summary>GET /api/companies/{companyId}/environments/capabilities.</summary>
    [Function("GetEnvironmentCapabilities")]
    public Task<IResult> GetEnvironmentCapabilities([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "companies/{companyId}/environments/capabilities")] HttpRequest request, string companyId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.GetEnvironmentCapabilities(request.HttpContext, companyId));

    /// <summary>POST /api/companies/{companyId}/environments.</summary>
    [Function("CreateEnvironment")]
    public Task<IResult> CreateEnvironment([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "companies/{companyId}/environments")] HttpRequest request, string companyId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.CreateEnvironment(request.HttpContext, companyId));

    /// <summary>GET /api/companies/{companyId}/environments/{environmentId}.</summary>
    [Function("GetEnvironment")]
    public Task<IResult> GetEnvironment([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "companies/{companyId}/environments/{environmentId}")] HttpRequest request, string companyId, string environmentId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.GetEnvironment(request.HttpContext, companyId, environmentId));

    /// <summary>PATCH /api/companies/{companyId}/environments/{environmentId}.</summary>
    [Function("PatchEnvironment")]
    public Task<IResult> PatchEnvironment([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "companies/{companyId}/environments/{environmentId}")] HttpRequest request, string companyId, string environmentId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.PatchEnvironment(request.HttpContext, companyId, environmentId));

    /// <summary>DELETE /api/companies/{companyId}/environments/{environmentId}.</summary>
    [Function("DeleteEnvironment")]
    public Task<IResult> DeleteEnvironment([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "companies/{companyId}/environments/{environmentId}")] HttpRequest request, string companyId, string environmentId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.DeleteEnvironment(request.HttpContext, companyId, environmentId));

    /// <summary>POST /api/companies/{companyId}/environments/{environmentId}/probe.</summary>
    [Function("ProbeEnvironment")]
    public Task<IResult> ProbeEnvironment([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "companies/{companyId}/environments/{environmentId}/probe")] HttpRequest request, string companyId, string environmentId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.ProbeEnvironment(request.HttpContext, companyId, environmentId));

    /// <summary>POST /api/companies/{companyId}/environments/probe-config.</summary>
    [Function("ProbeEnvironmentConfig")]
    public Task<IResult> ProbeEnvironmentConfig([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "companies/{companyId}/environments/probe-config")] HttpRequest request, string companyId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.ProbeEnvironmentConfig(request.HttpContext, companyId));

    /// <summary>GET /api/companies/{companyId}/environments/{environmentId}/leases.</summary>
    [Function("ListEnvironmentLeases")]
    public Task<IResult> ListEnvironmentLeases([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "companies/{companyId}/environments/{environmentId}/leases")] HttpRequest request, string companyId, string environmentId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.ListEnvironmentLeases(request.HttpContext, companyId, environmentId));

    /// <summary>GET /api/companies/{companyId}/environment-leases/{leaseId}.</summary>
    [Function("GetEnvironmentLease")]
    public Task<IResult> GetEnvironmentLease([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "companies/{companyId}/environment-leases/{leaseId}")] HttpRequest request, string companyId, string leaseId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.GetEnvironmentLease(request.HttpContext, companyId, leaseId));

    /// <summary>POST /api/companies/{companyId}/issues.</summary>
    [Function("CreateIssue")]
    public Task<IResult> CreateIssue([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "companies/{companyId}/issues")] HttpRequest request, string companyId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.CreateIssue(request.HttpContext, companyId));

    /// <summary>GET /api/companies/{companyId}/issues.</summary>
    [Function("ListIssues")]
    public Task<IResult> ListIssues([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "companies/{companyId}/issues")] HttpRequest request, string companyId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.ListIssues(request.HttpContext, companyId));

    /// <summary>GET /api/companies/{companyId}/issues/{issueId}.</summary>
    [Function("GetIssue")]
    public Task<IResult> GetIssue([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "companies/{companyId}/issues/{issueId}")] HttpRequest request, string companyId, string issueId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.GetIssue(request.HttpContext, companyId, issueId));

    /// <summary>PATCH /api/companies/{companyId}/issues/{issueId}.</summary>
    [Function("PatchIssue")]
    public Task<IResult> PatchIssue([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "companies/{companyId}/issues/{issueId}")] HttpRequest request, string companyId, string issueId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.PatchIssue(request.HttpContext, companyId, issueId));

    /// <summary>GET /api/companies/{companyId}/runs.</summary>
    [Function("ListRuns")]
    public Task<IResult> ListRuns([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "companies/{companyId}/runs")] HttpRequest request, string companyId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.ListRuns(request.HttpContext, companyId));

    /// <summary>GET /api/companies/{companyId}/runs/{runId}.</summary>
    [Function("GetRun")]
    public Task<IResult> GetRun([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "companies/{companyId}/runs/{runId}")] HttpRequest request, string companyId, string runId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.GetRun(request.HttpContext, companyId, runId));

    /// <summary>GET /api/companies/{companyId}/workspaces/{workspaceId}.</summary>
    [Function("GetWorkspace")]
    public Task<IResult> GetWorkspace([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "companies/{companyId}/workspaces/{workspaceId}")] HttpRequest request, string companyId, string workspaceId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.GetWorkspace(request.HttpContext, companyId, workspaceId));

    /// <summary>GET /api/companies/{companyId}/workspaces.</summary>
    [Function("ListWorkspaces")]
    public Task<IResult> ListWorkspaces([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "companies/{companyId}/workspaces")] HttpRequest request, string companyId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.ListWorkspaces(request.HttpContext, companyId));

    /// <summary>GET /api/companies/{companyId}/workspaces/{workspaceId}/operations.</summary>
    [Function("ArchiveWorkspace")]
    public Task<IResult> ArchiveWorkspace([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "companies/{companyId}/workspaces/{workspaceId}/archive")] HttpRequest request, string companyId, string workspaceId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.ArchiveWorkspace(request.HttpContext, companyId, workspaceId));

    [Function("ListWorkspaceOperations")]
    public Task<IResult> ListWorkspaceOperations([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "companies/{companyId}/workspaces/{workspaceId}/operations")] HttpRequest request, string companyId, string workspaceId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.ListWorkspaceOperations(request.HttpContext, companyId, workspaceId));

    /// <summary>GET /api/companies/{companyId}/activity.</summary>
    [Function("ListActivity")]
    public Task<IResult> ListActivity([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "companies/{companyId}/activity")] HttpRequest request, string companyId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.ListActivity(request.HttpContext, companyId));

    /// <summary>POST /api/companies/{companyId}/issues/{issueId}/comments.</summary>
    [Function("CreateIssueComment")]
    public Task<IResult> CreateIssueComment([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "companies/{companyId}/issues/{issueId}/comments")] HttpRequest request, string companyId, string issueId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.CreateIssueComment(request.HttpContext, companyId, issueId));

    /// <summary>GET /api/companies/{companyId}/issues/{issueId}/comments.</summary>
    [Function("ListIssueComments")]
    public Task<IResult> ListIssueComments([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "companies/{companyId}/issues/{issueId}/comments")] HttpRequest request, string companyId, string issueId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.ListIssueComments(request.HttpContext, companyId, issueId));

    /// <summary>GET /api/companies/{companyId}/issues/{issueId}/comments/{commentId}.</summary>
    [Function("GetIssueComment")]
    public Task<IResult> GetIssueComment([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "companies/{companyId}/issues/{issueId}/comments/{commentId}")] HttpRequest request, string companyId, string issueId, string commentId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.GetIssueComment(request.HttpContext, companyId, issueId, commentId));

    /// <summary>POST /api/companies/{companyId}/issues/{issueId}/checkout.</summary>
    [Function("CheckoutIssue")]
    public Task<IResult> CheckoutIssue([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "companies/{companyId}/issues/{issueId}/checkout")] HttpRequest request, string companyId, string issueId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.CheckoutIssue(request.HttpContext, companyId, issueId));

    /// <summary>POST /api/companies/{companyId}/issues/{issueId}/release.</summary>
    [Function("ReleaseIssue")]
    public Task<IResult> ReleaseIssue([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "companies/{companyId}/issues/{issueId}/release")] HttpRequest request, string companyId, string issueId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.ReleaseIssue(request.HttpContext, companyId, issueId));

    /// <summary>GET /api/agents/me.</summary>
    [Function("GetAgentMe")]
    public Task<IResult> GetAgentMe([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "agents/me")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.GetAgentMe(request.HttpContext));

    /// <summary>GET /api/agents/me/inbox-lite.</summary>
    [Function("GetAgentInboxLite")]
    public Task<IResult> GetAgentInboxLite([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "agents/me/inbox-lite")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.GetAgentInboxLite(request.HttpContext));

    /// <summary>GET /api/companies/{companyId}/issues/{issueId}/heartbeat-context.</summary>
    [Function("GetHeartbeatContext")]
    public Task<IResult> GetHeartbeatContext([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "companies/{companyId}/issues/{issueId}/heartbeat-context")] HttpRequest request, string companyId, string issueId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.GetHeartbeatContext(request.HttpContext, companyId, issueId));

    /// <summary>GET /api/companies/{companyId}/issues/{issueId}/readiness.</summary>
    [Function("GetIssueReadiness")]
    public Task<IResult> GetIssueReadiness([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "companies/{companyId}/issues/{issueId}/readiness")] HttpRequest request, string companyId, string issueId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.GetIssueReadiness(request.HttpContext, companyId, issueId));

    /// <summary>GET /api/companies/{companyId}/issues/{issueId}/interactions.</summary>
    [Function("ListInteractions")]
    public Task<IResult> ListInteractions([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "companies/{companyId}/issues/{issueId}/interactions")] HttpRequest request, string companyId, string issueId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.ListInteractions(request.HttpContext, companyId, issueId));

    /// <summary>POST /api/companies/{companyId}/issues/{issueId}/interactions.</summary>
    [Function("CreateInteraction")]
    public Task<IResult> CreateInteraction([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "companies/{companyId}/issues/{issueId}/interactions")] HttpRequest request, string companyId, string issueId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.CreateInteraction(request.HttpContext, companyId, issueId));

    /// <summary>GET /api/companies/{companyId}/issues/{issueId}/interactions/{interactionId}.</summary>
    [Function("GetInteraction")]
    public Task<IResult> GetInteraction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "companies/{companyId}/issues/{issueId}/interactions/{interactionId}")] HttpRequest request, string companyId, string issueId, string interactionId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.GetInteraction(request.HttpContext, companyId, issueId, interactionId));

    /// <summary>POST /api/companies/{companyId}/issues/{issueId}/interactions/{interactionId}/accept.</summary>
    [Function("AcceptInteraction")]
    public Task<IResult> AcceptInteraction([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "companies/{companyId}/issues/{issueId}/interactions/{interactionId}/accept")] HttpRequest request, string companyId, string issueId, string interactionId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.AcceptInteraction(request.HttpContext, companyId, issueId, interactionId));

    /// <summary>POST /api/companies/{companyId}/issues/{issueId}/interactions/{interactionId}/reject.</summary>
    [Function("RejectInteraction")]
    public Task<IResult> RejectInteraction([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "companies/{companyId}/issues/{issueId}/interactions/{interactionId}/reject")] HttpRequest request, string companyId, string issueId, string interactionId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.RejectInteraction(request.HttpContext, companyId, issueId, interactionId));

    /// <summary>POST /api/companies/{companyId}/issues/{issueId}/interactions/{interactionId}/respond.</summary>
    [Function("RespondInteraction")]
    public Task<IResult> RespondInteraction([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "companies/{companyId}/issues/{issueId}/interactions/{interactionId}/respond")] HttpRequest request, string companyId, string issueId, string interactionId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.RespondInteraction(request.HttpContext, companyId, issueId, interactionId));

    /// <summary>POST /api/companies/{companyId}/issues/{issueId}/interactions/{interactionId}/cancel.</summary>
    [Function("CancelInteraction")]
    public Task<IResult> CancelInteraction([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "companies/{companyId}/issues/{issueId}/interactions/{interactionId}/cancel")] HttpRequest request, string companyId, string issueId, string interactionId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.CancelInteraction(request.HttpContext, companyId, issueId, interactionId));

    /// <summary>GET /api/companies/{companyId}/runs/{runId}/log.</summary>
    [Function("GetRunLog")]
    public Task<IResult> GetRunLog([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "companies/{companyId}/runs/{runId}/log")] HttpRequest request, string companyId, string runId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.GetRunLog(request.HttpContext, companyId, runId));

    /// <summary>PATCH /api/companies/{companyId}/agents/{agentId}.</summary>
    [Function("PatchAgent")]
    public Task<IResult> PatchAgent([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "companies/{companyId}/agents/{agentId}")] HttpRequest request, string companyId, string agentId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.PatchAgent(request.HttpContext, companyId, agentId));

    /// <summary>GET /api/companies/{companyId}/agents/{agentId}/wakeups.</summary>
    [Function("ListAgentWakeups")]
    public Task<IResult> ListAgentWakeups([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "companies/{companyId}/agents/{agentId}/wakeups")] HttpRequest request, string companyId, string agentId) =>
        api.ListAgentWakeups(request.HttpContext, companyId, agentId);

    /// <summary>POST /api/companies/{companyId}/runs/{runId}/cancel.</summary>
    [Function("CancelRun")]
    public Task<IResult> CancelRun([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "companies/{companyId}/runs/{runId}/cancel")] HttpRequest request, string companyId, string runId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.CancelRun(request.HttpContext, companyId, runId));

    /// <summary>GET /api/companies/{companyId}/secret-providers.</summary>
    [Function("ListSecretProviders")]
    public Task<IResult> ListSecretProviders([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "companies/{companyId}/secret-providers")] HttpRequest request, string companyId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.ListSecretProviders(request.HttpContext, companyId));
    /// <summary>GET /api/companies/{companyId}/secret-providers/health.</summary>
    [Function("GetSecretProvidersHealth")]
    public Task<IResult> GetSecretProvidersHealth([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "companies/{companyId}/secret-providers/health")] HttpRequest request, string companyId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.GetSecretProvidersHealth(request.HttpContext, companyId));
    /// <summary>GET /api/companies/{companyId}/secret-provider-configs.</summary>
    [Function("ListSecretVaults")]
    public Task<IResult> ListSecretVaults([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "companies/{companyId}/secret-provider-configs")] HttpRequest request, string companyId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.ListSecretVaults(request.HttpContext, companyId));
    /// <summary>POST /api/companies/{companyId}/secret-provider-configs.</summary>
    [Function("CreateSecretVault")]
    public Task<IResult> CreateSecretVault([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "companies/{companyId}/secret-provider-configs")] HttpRequest request, string companyId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.CreateSecretVault(request.HttpContext, companyId));
    /// <summary>GET /api/companies/{companyId}/secret-provider-configs/{configId}.</summary>
    [Function("GetSecretVault")]
    public Task<IResult> GetSecretVault([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "companies/{companyId}/secret-provider-configs/{configId}")] HttpRequest request, string companyId, string configId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.GetSecretVault(request.HttpContext, companyId, configId));
    /// <summary>PATCH /api/companies/{companyId}/secret-provider-configs/{configId}.</summary>
    [Function("UpdateSecretVault")]
    public Task<IResult> UpdateSecretVault([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "companies/{companyId}/secret-provider-configs/{configId}")] HttpRequest request, string companyId, string configId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.UpdateSecretVault(request.HttpContext, companyId, configId));
    /// <summary>DELETE /api/companies/{companyId}/secret-provider-configs/{configId}.</summary>
    [Function("DisableSecretVault")]
    public Task<IResult> DisableSecretVault([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "companies/{companyId}/secret-provider-configs/{configId}")] HttpRequest request, string companyId, string configId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.DisableSecretVault(request.HttpContext, companyId, configId));
    /// <summary>POST /api/companies/{companyId}/secret-provider-configs/{configId}/default.</summary>
    [Function("SetDefaultSecretVault")]
    public Task<IResult> SetDefaultSecretVault([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "companies/{companyId}/secret-provider-configs/{configId}/default")] HttpRequest request, string companyId, string configId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.SetDefaultSecretVault(request.HttpContext, companyId, configId));
    /// <summary>POST /api/companies/{companyId}/secret-provider-configs/{configId}/health.</summary>
    [Function("CheckSecretVaultHealth")]
    public Task<IResult> CheckSecretVaultHealth([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "companies/{companyId}/secret-provider-configs/{configId}/health")] HttpRequest request, string companyId, string configId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.CheckSecretVaultHealth(request.HttpContext, companyId, configId));
    /// <summary>GET /api/companies/{companyId}/secrets.</summary>
    [Function("ListSecrets")]
    public Task<IResult> ListSecrets([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "companies/{companyId}/secrets")] HttpRequest request, string companyId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.ListSecrets(request.HttpContext, companyId));
    /// <summary>POST /api/companies/{companyId}/secrets.</summary>
    [Function("CreateSecret")]
    public Task<IResult> CreateSecret([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "companies/{companyId}/secrets")] HttpRequest request, string companyId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.CreateSecret(request.HttpContext, companyId));
    /// <summary>GET /api/companies/{companyId}/secrets/{secretId}.</summary>
    [Function("GetSecret")]
    public Task<IResult> GetSecret([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "companies/{companyId}/secrets/{secretId}")] HttpRequest request, string companyId, string secretId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.GetSecret(request.HttpContext, companyId, secretId));
    /// <summary>PATCH /api/companies/{companyId}/secrets/{secretId}.</summary>
    [Function("UpdateSecret")]
    public Task<IResult> UpdateSecret([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "companies/{companyId}/secrets/{secretId}")] HttpRequest request, string companyId, string secretId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.UpdateSecret(request.HttpContext, companyId, secretId));
    /// <summary>DELETE /api/companies/{companyId}/secrets/{secretId}.</summary>
    [Function("DeleteSecret")]
    public Task<IResult> DeleteSecret([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "companies/{companyId}/secrets/{secretId}")] HttpRequest request, string companyId, string secretId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.DeleteSecret(request.HttpContext, companyId, secretId));
    /// <summary>POST /api/companies/{companyId}/secrets/{secretId}/rotate.</summary>
    [Function("RotateSecret")]
    public Task<IResult> RotateSecret([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "companies/{companyId}/secrets/{secretId}/rotate")] HttpRequest request, string companyId, string secretId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.RotateSecret(request.HttpContext, companyId, secretId));
    /// <summary>GET /api/companies/{companyId}/secrets/{secretId}/usage.</summary>
    [Function("GetSecretUsage")]
    public Task<IResult> GetSecretUsage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "companies/{companyId}/secrets/{secretId}/usage")] HttpRequest request, string companyId, string secretId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.GetSecretUsage(request.HttpContext, companyId, secretId));
    /// <summary>GET /api/companies/{companyId}/secrets/{secretId}/access-events.</summary>
    [Function("ListSecretAccessEvents")]
    public Task<IResult> ListSecretAccessEvents([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "companies/{companyId}/secrets/{secretId}/access-events")] HttpRequest request, string companyId, string secretId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.ListSecretAccessEvents(request.HttpContext, companyId, secretId));

    /// <summary>POST /api/companies/{companyId}/secrets/remote-import/preview.</summary>
    [Function("PreviewSecretImport")]
    public Task<IResult> PreviewSecretImport([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "companies/{companyId}/secrets/remote-import/preview")] HttpRequest request, string companyId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.PreviewSecretImport(request.HttpContext, companyId));

    /// <summary>POST /api/companies/{companyId}/secrets/remote-import.</summary>
    [Function("ImportSecrets")]
    public Task<IResult> ImportSecrets([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "companies/{companyId}/secrets/remote-import")] HttpRequest request, string companyId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.ImportSecrets(request.HttpContext, companyId));

    /// <summary>GET /api/issues/{issueId} (no company in the path).</summary>
    [Function("GetIssueUnscoped")]
    public Task<IResult> GetIssueUnscoped([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "issues/{issueId}")] HttpRequest request, string issueId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.GetIssue(request.HttpContext, null, issueId));

    /// <summary>PATCH /api/issues/{issueId} (no company in the path).</summary>
    [Function("PatchIssueUnscoped")]
    public Task<IResult> PatchIssueUnscoped([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "issues/{issueId}")] HttpRequest request, string issueId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.PatchIssue(request.HttpContext, null, issueId));

    /// <summary>POST /api/issues/{issueId}/comments (no company in the path).</summary>
    [Function("CreateIssueCommentUnscoped")]
    public Task<IResult> CreateIssueCommentUnscoped([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "issues/{issueId}/comments")] HttpRequest request, string issueId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.CreateIssueComment(request.HttpContext, null, issueId));

    /// <summary>GET /api/issues/{issueId}/comments (no company in the path).</summary>
    [Function("ListIssueCommentsUnscoped")]
    public Task<IResult> ListIssueCommentsUnscoped([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "issues/{issueId}/comments")] HttpRequest request, string issueId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.ListIssueComments(request.HttpContext, null, issueId));

    /// <summary>GET /api/issues/{issueId}/comments/{commentId} (no company in the path).</summary>
    [Function("GetIssueCommentUnscoped")]
    public Task<IResult> GetIssueCommentUnscoped([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "issues/{issueId}/comments/{commentId}")] HttpRequest request, string issueId, string commentId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.GetIssueComment(request.HttpContext, null, issueId, commentId));

    /// <summary>POST /api/issues/{issueId}/checkout (no company in the path).</summary>
    [Function("CheckoutIssueUnscoped")]
    public Task<IResult> CheckoutIssueUnscoped([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "issues/{issueId}/checkout")] HttpRequest request, string issueId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.CheckoutIssue(request.HttpContext, null, issueId));

    /// <summary>POST /api/issues/{issueId}/release (no company in the path).</summary>
    [Function("ReleaseIssueUnscoped")]
    public Task<IResult> ReleaseIssueUnscoped([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "issues/{issueId}/release")] HttpRequest request, string issueId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.ReleaseIssue(request.HttpContext, null, issueId));

    /// <summary>GET /api/issues/{issueId}/heartbeat-context (no company in the path).</summary>
    [Function("GetHeartbeatContextUnscoped")]
    public Task<IResult> GetHeartbeatContextUnscoped([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "issues/{issueId}/heartbeat-context")] HttpRequest request, string issueId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.GetHeartbeatContext(request.HttpContext, null, issueId));

    /// <summary>GET /api/issues/{issueId}/readiness (no company in the path).</summary>
    [Function("GetIssueReadinessUnscoped")]
    public Task<IResult> GetIssueReadinessUnscoped([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "issues/{issueId}/readiness")] HttpRequest request, string issueId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.GetIssueReadiness(request.HttpContext, null, issueId));

    /// <summary>GET /api/issues/{issueId}/interactions (no company in the path).</summary>
    [Function("ListInteractionsUnscoped")]
    public Task<IResult> ListInteractionsUnscoped([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "issues/{issueId}/interactions")] HttpRequest request, string issueId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.ListInteractions(request.HttpContext, null, issueId));

    /// <summary>POST /api/issues/{issueId}/interactions (no company in the path).</summary>
    [Function("CreateInteractionUnscoped")]
    public Task<IResult> CreateInteractionUnscoped([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "issues/{issueId}/interactions")] HttpRequest request, string issueId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.CreateInteraction(request.HttpContext, null, issueId));

    /// <summary>GET /api/issues/{issueId}/interactions/{interactionId} (no company in the path).</summary>
    [Function("GetInteractionUnscoped")]
    public Task<IResult> GetInteractionUnscoped([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "issues/{issueId}/interactions/{interactionId}")] HttpRequest request, string issueId, string interactionId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.GetInteraction(request.HttpContext, null, issueId, interactionId));

    /// <summary>POST /api/issues/{issueId}/interactions/{interactionId}/accept (no company in the path).</summary>
    [Function("AcceptInteractionUnscoped")]
    public Task<IResult> AcceptInteractionUnscoped([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "issues/{issueId}/interactions/{interactionId}/accept")] HttpRequest request, string issueId, string interactionId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.AcceptInteraction(request.HttpContext, null, issueId, interactionId));

    /// <summary>POST /api/issues/{issueId}/interactions/{interactionId}/reject (no company in the path).</summary>
    [Function("RejectInteractionUnscoped")]
    public Task<IResult> RejectInteractionUnscoped([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "issues/{issueId}/interactions/{interactionId}/reject")] HttpRequest request, string issueId, string interactionId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.RejectInteraction(request.HttpContext, null, issueId, interactionId));

    /// <summary>POST /api/issues/{issueId}/interactions/{interactionId}/respond (no company in the path).</summary>
    [Function("RespondInteractionUnscoped")]
    public Task<IResult> RespondInteractionUnscoped([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "issues/{issueId}/interactions/{interactionId}/respond")] HttpRequest request, string issueId, string interactionId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.RespondInteraction(request.HttpContext, null, issueId, interactionId));

    /// <summary>POST /api/issues/{issueId}/interactions/{interactionId}/cancel (no company in the path).</summary>
    [Function("CancelInteractionUnscoped")]
    public Task<IResult> CancelInteractionUnscoped([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "issues/{issueId}/interactions/{interactionId}/cancel")] HttpRequest request, string issueId, string interactionId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.CancelInteraction(request.HttpContext, null, issueId, interactionId));

    /// <summary>GET /api/companies/{companyId}/issues/{issueId}/documents.</summary>
    [Function("ListIssueDocuments")]
    public Task<IResult> ListIssueDocuments([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "companies/{companyId}/issues/{issueId}/documents")] HttpRequest request, string companyId, string issueId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.ListIssueDocuments(request.HttpContext, companyId, issueId));

    /// <summary>GET /api/issues/{issueId}/documents (no company in the path).</summary>
    [Function("ListIssueDocumentsUnscoped")]
    public Task<IResult> ListIssueDocumentsUnscoped([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "issues/{issueId}/documents")] HttpRequest request, string issueId, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.ListIssueDocuments(request.HttpContext, null, issueId));

    /// <summary>GET /api/companies/{companyId}/issues/{issueId}/documents/{key}.</summary>
    [Function("GetIssueDocument")]
    public Task<IResult> GetIssueDocument([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "companies/{companyId}/issues/{issueId}/documents/{key}")] HttpRequest request, string companyId, string issueId, string key, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.GetIssueDocument(request.HttpContext, companyId, issueId, key));

    /// <summary>GET /api/issues/{issueId}/documents/{key} (no company in the path).</summary>
    [Function("GetIssueDocumentUnscoped")]
    public Task<IResult> GetIssueDocumentUnscoped([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "issues/{issueId}/documents/{key}")] HttpRequest request, string issueId, string key, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.GetIssueDocument(request.HttpContext, null, issueId, key));

    /// <summary>PUT /api/companies/{companyId}/issues/{issueId}/documents/{key}.</summary>
    [Function("PutIssueDocument")]
    public Task<IResult> PutIssueDocument([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "companies/{companyId}/issues/{issueId}/documents/{key}")] HttpRequest request, string companyId, string issueId, string key, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.PutIssueDocument(request.HttpContext, companyId, issueId, key));

    /// <summary>PUT /api/issues/{issueId}/documents/{key} (no company in the path).</summary>
    [Function("PutIssueDocumentUnscoped")]
    public Task<IResult> PutIssueDocumentUnscoped([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "issues/{issueId}/documents/{key}")] HttpRequest request, string issueId, string key, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.PutIssueDocument(request.HttpContext, null, issueId, key));

    /// <summary>GET /api/companies/{companyId}/issues/{issueId}/documents/{key}/revisions.</summary>
    [Function("ListIssueDocumentRevisions")]
    public Task<IResult> ListIssueDocumentRevisions([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "companies/{companyId}/issues/{issueId}/documents/{key}/revisions")] HttpRequest request, string companyId, string issueId, string key, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.ListIssueDocumentRevisions(request.HttpContext, companyId, issueId, key));

    /// <summary>GET /api/issues/{issueId}/documents/{key}/revisions (no company in the path).</summary>
    [Function("ListIssueDocumentRevisionsUnscoped")]
    public Task<IResult> ListIssueDocumentRevisionsUnscoped([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "issues/{issueId}/documents/{key}/revisions")] HttpRequest request, string issueId, string key, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.ListIssueDocumentRevisions(request.HttpContext, null, issueId, key));

    /// <summary>DELETE /api/companies/{companyId}/issues/{issueId}/documents/{key}.</summary>
    [Function("DeleteIssueDocument")]
    public Task<IResult> DeleteIssueDocument([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "companies/{companyId}/issues/{issueId}/documents/{key}")] HttpRequest request, string companyId, string issueId, string key, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.DeleteIssueDocument(request.HttpContext, companyId, issueId, key));

    /// <summary>DELETE /api/issues/{issueId}/documents/{key} (no company in the path).</summary>
    [Function("DeleteIssueDocumentUnscoped")]
    public Task<IResult> DeleteIssueDocumentUnscoped([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "issues/{issueId}/documents/{key}")] HttpRequest request, string issueId, string key, [DurableClient] DurableTaskClient client) =>
        DurableClientScope.RunAsync(client, () => api.DeleteIssueDocument(request.HttpContext, null, issueId, key));
}
