using Paperclip.Api;

namespace Paperclip.Host.Hosting;

/// <summary>Maps every <see cref="ApiRoutes"/> entry to its shared handler with minimal APIs; no logic lives here.</summary>
public static class ApiEndpointMap
{
    /// <summary>Maps the API.</summary>
    public static IEndpointRouteBuilder MapPaperclipApi(this IEndpointRouteBuilder app)
    {
        PaperclipApi api = app.ServiceProvider.GetRequiredService<PaperclipApi>();
        Map(app, ApiRoutes.Health, (HttpContext h) => api.Health(h));
        Map(app, ApiRoutes.OpenApi, (HttpContext h) => api.OpenApi(h));
        Map(app, ApiRoutes.CreateCompany, (HttpContext h) => api.CreateCompany(h));
        Map(app, ApiRoutes.ListCompanies, (HttpContext h) => api.ListCompanies(h));
        Map(app, ApiRoutes.GetCompany, (HttpContext h, string companyId) => api.GetCompany(h, companyId));
        Map(app, ApiRoutes.CreateAgent, (HttpContext h, string companyId) => api.CreateAgent(h, companyId));
        Map(app, ApiRoutes.ListAgents, (HttpContext h, string companyId) => api.ListAgents(h, companyId));
        Map(app, ApiRoutes.GetAgent, (HttpContext h, string companyId, string agentId) => api.GetAgent(h, companyId, agentId));
        Map(app, ApiRoutes.PatchAgent, (HttpContext h, string companyId, string agentId) => api.PatchAgent(h, companyId, agentId));
        Map(app, ApiRoutes.ListAgentWakeups, (HttpContext h, string companyId, string agentId) => api.ListAgentWakeups(h, companyId, agentId));
        Map(app, ApiRoutes.CreateAgentKey, (HttpContext h, string companyId, string agentId) => api.CreateAgentKey(h, companyId, agentId));
        Map(app, ApiRoutes.WakeupAgent, (HttpContext h, string companyId, string agentId) => api.WakeupAgent(h, companyId, agentId));
        Map(app, ApiRoutes.CreateProject, (HttpContext h, string companyId) => api.CreateProject(h, companyId));
        Map(app, ApiRoutes.ListProjects, (HttpContext h, string companyId) => api.ListProjects(h, companyId));
        Map(app, ApiRoutes.GetProject, (HttpContext h, string companyId, string projectId) => api.GetProject(h, companyId, projectId));
        Map(app, ApiRoutes.ListEnvironments, (HttpContext h, string companyId) => api.ListEnvironments(h, companyId));
        Map(app, ApiRoutes.GetEnvironmentCapabilities, (HttpContext h, string companyId) => api.GetEnvironmentCapabilities(h, companyId));
        Map(app, ApiRoutes.CreateEnvironment, (HttpContext h, string companyId) => api.CreateEnvironment(h, companyId));
        Map(app, ApiRoutes.GetEnvironment, (HttpContext h, string companyId, string environmentId) => api.GetEnvironment(h, companyId, environmentId));
        Map(app, ApiRoutes.PatchEnvironment, (HttpContext h, string companyId, string environmentId) => api.PatchEnvironment(h, companyId, environmentId));
        Map(app, ApiRoutes.DeleteEnvironment, (HttpContext h, string companyId, string environmentId) => api.DeleteEnvironment(h, companyId, environmentId));
        Map(app, ApiRoutes.ProbeEnvironment, (HttpContext h, string companyId, string environmentId) => api.ProbeEnvironment(h, companyId, environmentId));
        Map(app, ApiRoutes.ProbeEnvironmentConfig, (HttpContext h, string companyId) => api.ProbeEnvironmentConfig(h, companyId));
        Map(app, ApiRoutes.ListEnvironmentLeases, (HttpContext h, string companyId, string environmentId) => api.ListEnvironmentLeases(h, companyId, environmentId));
        Map(app, ApiRoutes.GetEnvironmentLease, (HttpContext h, string companyId, string leaseId) => api.GetEnvironmentLease(h, companyId, leaseId));
        Map(app, ApiRoutes.CreateIssue, (HttpContext h, string companyId) => api.CreateIssue(h, companyId));
        Map(app, ApiRoutes.ListIssues, (HttpContext h, string companyId) => api.ListIssues(h, companyId));
        Map(app, ApiRoutes.GetIssue, (HttpContext h, string companyId, string issueId) => api.GetIssue(h, companyId, issueId));
        Map(app, ApiRoutes.PatchIssue, (HttpContext h, string companyId, string issueId) => api.PatchIssue(h, companyId, issueId));
        Map(app, ApiRoutes.CreateIssueComment, (HttpContext h, string companyId, string issueId) => api.CreateIssueComment(h, companyId, issueId));
        Map(app, ApiRoutes.ListIssueComments, (HttpContext h, string companyId, string issueId) => api.ListIssueComments(h, companyId, issueId));
        Map(app, ApiRoutes.GetIssueComment, (HttpContext h, string companyId, string issueId, string commentId) => api.GetIssueComment(h, companyId, issueId, commentId));
        Map(app, ApiRoutes.CheckoutIssue, (HttpContext h, string companyId, string issueId) => api.CheckoutIssue(h, companyId, issueId));
        Map(app, ApiRoutes.ReleaseIssue, (HttpContext h, string companyId, string issueId) => api.ReleaseIssue(h, companyId, issueId));
        Map(app, ApiRoutes.GetAgentMe, (HttpContext h) => api.GetAgentMe(h));
        Map(app, ApiRoutes.GetAgentInboxLite, (HttpContext h) => api.GetAgentInboxLite(h));
        Map(app, ApiRoutes.GetHeartbeatContext, (HttpContext h, string companyId, string issueId) => api.GetHeartbeatContext(h, companyId, issueId));
        Map(app, ApiRoutes.GetIssueReadiness, (HttpContext h, string companyId, string issueId) => api.GetIssueReadiness(h, companyId, issueId));
        Map(app, ApiRoutes.ListInteractions, (HttpContext h, string companyId, string issueId) => api.ListInteractions(h, companyId, issueId));
        Map(app, ApiRoutes.CreateInteraction, (HttpContext h, string companyId, string issueId) => api.CreateInteraction(h, companyId, issueId));
        Map(app, ApiRoutes.GetInteraction, (HttpContext h, string companyId, string issueId, string interactionId) => api.GetInteraction(h, companyId, issueId, interactionId));
        Map(app, ApiRoutes.AcceptInteraction, (HttpContext h, string companyId, string issueId, string interactionId) => api.AcceptInteraction(h, companyId, issueId, interactionId));
        Map(app, ApiRoutes.RejectInteraction, (HttpContext h, string companyId, string issueId, string interactionId) => api.RejectInteraction(h, companyId, issueId, interactionId));
        Map(app, ApiRoutes.RespondInteraction, (HttpContext h, string companyId, string issueId, string interactionId) => api.RespondInteraction(h, companyId, issueId, interactionId));
        Map(app, ApiRoutes.CancelInteraction, (HttpContext h, string companyId, string issueId, string interactionId) => api.CancelInteraction(h, companyId, issueId, interactionId));
        Map(app, ApiRoutes.ListRuns, (HttpContext h, string companyId) => api.ListRuns(h, companyId));
        Map(app, ApiRoutes.GetRun, (HttpContext h, string companyId, string runId) => api.GetRun(h, companyId, runId));
        Map(app, ApiRoutes.CancelRun, (HttpContext h, string companyId, string runId) => api.CancelRun(h, companyId, runId));
        Map(app, ApiRoutes.GetRunLog, (HttpContext h, string companyId, string runId) => api.GetRunLog(h, companyId, runId));
        Map(app, ApiRoutes.GetWorkspace, (HttpContext h, string companyId, string workspaceId) => api.GetWorkspace(h, companyId, workspaceId));
        Map(app, ApiRoutes.ListWorkspaces, (HttpContext h, string companyId) => api.ListWorkspaces(h, companyId));
        Map(app, ApiRoutes.ArchiveWorkspace, (HttpContext h, string companyId, string workspaceId) => api.ArchiveWorkspace(h, companyId, workspaceId));
        Map(app, ApiRoutes.ListWorkspaceOperations, (HttpContext h, string companyId, string workspaceId) => api.ListWorkspaceOperations(h, companyId, workspaceId));
        Map(app, ApiRoutes.ListActivity, (HttpContext h, string companyId) => api.ListActivity(h, companyId));
        Map(app, ApiRoutes.ListSecretProviders, (HttpContext h, string companyId) => api.ListSecretProviders(h, companyId));
        Map(app, ApiRoutes.GetSecretProvidersHealth, (HttpContext h, string companyId) => api.GetSecretProvidersHealth(h, companyId));
        Map(app, ApiRoutes.ListSecretVaults, (HttpContext h, string companyId) => api.ListSecretVaults(h, companyId));
        Map(app, ApiRoutes.CreateSecretVault, (HttpContext h, string companyId) => api.CreateSecretVault(h, companyId));
        Map(app, ApiRoutes.GetSecretVault, (HttpContext h, string companyId, string configId) => api.GetSecretVault(h, companyId, configId));
        Map(app, ApiRoutes.UpdateSecretVault, (HttpContext h, string companyId, string configId) => api.UpdateSecretVault(h, companyId, configId));
        Map(app, ApiRoutes.DisableSecretVault, (HttpContext h, string companyId, string configId) => api.DisableSecretVault(h, companyId, configId));
        Map(app, ApiRoutes.SetDefaultSecretVault, (HttpContext h, string companyId, string configId) => api.SetDefaultSecretVault(h, companyId, configId));
        Map(app, ApiRoutes.CheckSecretVaultHealth, (HttpContext h, string companyId, string configId) => api.CheckSecretVaultHealth(h, companyId, configId));
        Map(app, ApiRoutes.ListSecrets, (HttpContext h, string companyId) => api.ListSecrets(h, companyId));
        Map(app, ApiRoutes.CreateSecret, (HttpContext h, string companyId) => api.CreateSecret(h, companyId));
        Map(app, ApiRoutes.GetSecret, (HttpContext h, string companyId, string secretId) => api.GetSecret(h, companyId, secretId));
        Map(app, ApiRoutes.UpdateSecret, (HttpContext h, string companyId, string secretId) => api.UpdateSecret(h, companyId, secretId));
        Map(app, ApiRoutes.DeleteSecret, (HttpContext h, string companyId, string secretId) => api.DeleteSecret(h, companyId, secretId));
        Map(app, ApiRoutes.RotateSecret, (HttpContext h, string companyId, string secretId) => api.RotateSecret(h, companyId, secretId));
        Map(app, ApiRoutes.GetSecretUsage, (HttpContext h, string companyId, string secretId) => api.GetSecretUsage(h, companyId, secretId));
        Map(app, ApiRoutes.ListSecretAccessEvents, (HttpContext h, string companyId, string secretId) => api.ListSecretAccessEvents(h, companyId, secretId));
        Map(app, ApiRoutes.PreviewSecretImport, (HttpContext h, string companyId) => api.PreviewSecretImport(h, companyId));
        Map(app, ApiRoutes.ImportSecrets, (HttpContext h, string companyId) => api.ImportSecrets(h, companyId));
        Map(app, ApiRoutes.GetIssueUnscoped, (HttpContext h, string issueId) => api.GetIssue(h, null, issueId));
        Map(app, ApiRoutes.PatchIssueUnscoped, (HttpContext h, string issueId) => api.PatchIssue(h, null, issueId));
        Map(app, ApiRoutes.CreateIssueCommentUnscoped, (HttpContext h, string issueId) => api.CreateIssueComment(h, null, issueId));
        Map(app, ApiRoutes.ListIssueCommentsUnscoped, (HttpContext h, string issueId) => api.ListIssueComments(h, null, issueId));
        Map(app, ApiRoutes.GetIssueCommentUnscoped, (HttpContext h, string issueId, string commentId) => api.GetIssueComment(h, null, issueId, commentId));
        Map(app, ApiRoutes.CheckoutIssueUnscoped, (HttpContext h, string issueId) => api.CheckoutIssue(h, null, issueId));
        Map(app, ApiRoutes.ReleaseIssueUnscoped, (HttpContext h, string issueId) => api.ReleaseIssue(h, null, issueId));
        Map(app, ApiRoutes.GetHeartbeatContextUnscoped, (HttpContext h, string issueId) => api.GetHeartbeatContext(h, null, issueId));
        Map(app, ApiRoutes.GetIssueReadinessUnscoped, (HttpContext h, string issueId) => api.GetIssueReadiness(h, null, issueId));
        Map(app, ApiRoutes.ListInteractionsUnscoped, (HttpContext h, string issueId) => api.ListInteractions(h, null, issueId));
        Map(app, ApiRoutes.CreateInteractionUnscoped, (HttpContext h, string issueId) => api.CreateInteraction(h, null, issueId));
        Map(app, ApiRoutes.GetInteractionUnscoped, (HttpContext h, string issueId, string interactionId) => api.GetInteraction(h, null, issueId, interactionId));
        Map(app, ApiRoutes.AcceptInteractionUnscoped, (HttpContext h, string issueId, string interactionId) => api.AcceptInteraction(h, null, issueId, interactionId));
        Map(app, ApiRoutes.RejectInteractionUnscoped, (HttpContext h, string issueId, string interactionId) => api.RejectInteraction(h, null, issueId, interactionId));
        Map(app, ApiRoutes.RespondInteractionUnscoped, (HttpContext h, string issueId, string interactionId) => api.RespondInteraction(h, null, issueId, interactionId));
        Map(app, ApiRoutes.CancelInteractionUnscoped, (HttpContext h, string issueId, string interactionId) => api.CancelInteraction(h, null, issueId, interactionId));
        Map(app, ApiRoutes.ListIssueDocuments, (HttpContext h, string companyId, string issueId) => api.ListIssueDocuments(h, companyId, issueId));
        Map(app, ApiRoutes.GetIssueDocument, (HttpContext h, string companyId, string issueId, string key) => api.GetIssueDocument(h, companyId, issueId, key));
        Map(app, ApiRoutes.PutIssueDocument, (HttpContext h, string companyId, string issueId, string key) => api.PutIssueDocument(h, companyId, issueId, key));
        Map(app, ApiRoutes.ListIssueDocumentRevisions, (HttpContext h, string companyId, string issueId, string key) => api.ListIssueDocumentRevisions(h, companyId, issueId, key));
        Map(app, ApiRoutes.DeleteIssueDocument, (HttpContext h, string companyId, string issueId, string key) => api.DeleteIssueDocument(h, companyId, issueId, key));
        Map(app, ApiRoutes.ListIssueDocumentsUnscoped, (HttpContext h, string issueId) => api.ListIssueDocuments(h, null, issueId));
        Map(app, ApiRoutes.GetIssueDocumentUnscoped, (HttpContext h, string issueId, string key) => api.GetIssueDocument(h, null, issueId, key));
        Map(app, ApiRoutes.PutIssueDocumentUnscoped, (HttpContext h, string issueId, string key) => api.PutIssueDocument(h, null, issueId, key));
        Map(app, ApiRoutes.ListIssueDocumentRevisionsUnscoped, (HttpContext h, string issueId, string key) => api.ListIssueDocumentRevisions(h, null, issueId, key));
        Map(app, ApiRoutes.DeleteIssueDocumentUnscoped, (HttpContext h, string issueId, string key) => api.DeleteIssueDocument(h, null, issueId, key));
        return app;
    }

    static void Map(IEndpointRouteBuilder app, ApiRoute route, Delegate handler) =>
        app.MapMethods(route.Path, [route.Method], handler).WithName(route.Name);
}
