using Paperclip.Core.Domain;
using Paperclip.Core.Domain.Environments;
using Paperclip.Core.Domain.Secrets;
using Paperclip.Core.Policies;
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

namespace Paperclip.Api;

/// <summary>
/// Every endpoint, once. Both hosts map exactly these (a test compares the self-host's endpoints and the
/// Functions app's generated metadata with this list), and the OpenAPI document is generated from it.
/// </summary>
public static class ApiRoutes
{
    // Problems shared by several routes, declared before the routes that use them (static fields initialise in text order).
    static readonly (int, string)[] ProviderProblems =
    [
        (403, "provider_access_denied"), (404, "provider_not_found"), (409, "provider_conflict"), (422, "provider_invalid_request"),
        (429, "provider_throttled"), (502, "provider_error"), (503, "provider_unavailable"),
    ];

    static readonly (int, string)[] EnvironmentConfigProblems = [(422, "invalid_environment_config"), (422, "unsupported_environment_driver")];

    static readonly (int, string)[] AgentConfigProblems = [(422, "invalid_environment_selection"), (422, "secret_ref_invalid")];

    public static readonly ApiRoute Health = new("GET", "health", "Health", "Checks storage and the durable worker.", Anonymous: true) { Response = typeof(HealthReport), AlternateStatus = 503 };
    public static readonly ApiRoute OpenApi = new("GET", "openapi.json", "OpenApi", "This API's OpenAPI 3.0 description.", Anonymous: true) { Produces = "application/json" };
    public static readonly ApiRoute CreateCompany = new("POST", "companies", "CreateCompany", "Creates a company (board).") { Status = 201, Response = typeof(Company), Body = BodyReader.Of(CreateCompanyCommand.Parse), BoardOnly = true, Problems = [(409, "already_exists")] };
    public static readonly ApiRoute ListCompanies = new("GET", "companies", "ListCompanies", "Lists the companies the caller may see.") { Response = typeof(IReadOnlyList<Company>) };
    public static readonly ApiRoute GetCompany = new("GET", "companies/{companyId}", "GetCompany", "Gets a company.") { Response = typeof(Company) };
    public static readonly ApiRoute CreateAgent = new("POST", "companies/{companyId}/agents", "CreateAgent", "Hires an agent (board).") { Status = 201, Response = typeof(Agent), Body = BodyReader.Of(CreateAgentCommand.Parse), BoardOnly = true, Problems = [.. AgentConfigProblems] };
    public static readonly ApiRoute ListAgents = new("GET", "companies/{companyId}/agents", "ListAgents", "Lists the company's agents.") { Response = typeof(IReadOnlyList<Agent>) };
    public static readonly ApiRoute GetAgent = new("GET", "companies/{companyId}/agents/{agentId}", "GetAgent", "Gets an agent.") { Response = typeof(Agent) };
    public static readonly ApiRoute PatchAgent = new("PATCH", "companies/{companyId}/agents/{agentId}", "PatchAgent", "Changes name, status (pause/resume/terminate), runtimeConfig.heartbeat, defaultEnvironmentId or adapterConfig (replaced whole, with its secret bindings) (board).") { Response = typeof(Agent), Body = BodyReader.Of(PatchAgentCommand.Parse), BoardOnly = true, Problems = [.. AgentConfigProblems] };
    public static readonly ApiRoute ListAgentWakeups = new("GET", "companies/{companyId}/agents/{agentId}/wakeups", "ListAgentWakeups", "Lists the agent's recent wakes and what became of each (queued, coalesced, deferred, skipped, failed), newest first.") { Response = typeof(IReadOnlyList<WakeupRequest>) };
    public static readonly ApiRoute CreateAgentKey = new("POST", "companies/{companyId}/agents/{agentId}/keys", "CreateAgentKey", "Issues an agent API key; the key is shown only in this response (board).") { Status = 201, Response = typeof(CreatedAgentKey), Body = BodyReader.Optional(CreateAgentKeyCommand.Parse), BoardOnly = true };
    public static readonly ApiRoute WakeupAgent = new("POST", "companies/{companyId}/agents/{agentId}/wakeup", "WakeupAgent", "Wakes the agent: queues a run on an issue.") { Status = 202, Response = typeof(WakeupAccepted), Body = BodyReader.Optional(WakeupCommand.Parse), Problems = [(409, "agent_not_invokable"), (409, "wakeup_skipped"), (422, "no_issue_to_run")] };
    public static readonly ApiRoute CreateProject = new("POST", "companies/{companyId}/projects", "CreateProject", "Creates a project.") { Status = 201, Response = typeof(Project), Body = BodyReader.Of(CreateProjectCommand.Parse), Problems = [(403, "forbidden"), (422, "invalid_environment_selection")] };
    public static readonly ApiRoute ListProjects = new("GET", "companies/{companyId}/projects", "ListProjects", "Lists the company's projects.") { Response = typeof(IReadOnlyList<Project>) };
    public static readonly ApiRoute GetProject = new("GET", "companies/{companyId}/projects/{projectId}", "GetProject", "Gets a project.") { Response = typeof(Project) };
    public static readonly ApiRoute ListEnvironments = new("GET", "companies/{companyId}/environments", "ListEnvironments", "Lists the company's execution environments, most recently updated first; filters: status, driver. Configs are redacted for agents.") { Response = typeof(IReadOnlyList<ExecutionEnvironment>), Query = [QueryParameter.Enum<EnvironmentStatus>("status", "Only environments in this status."), QueryParameter.Enum<EnvironmentDriver>("driver", "Only environments of this driver.")] };
    public static readonly ApiRoute GetEnvironmentCapabilities = new("GET", "companies/{companyId}/environments/capabilities", "GetEnvironmentCapabilities", "Which drivers each adapter can execute in, and which drivers exist: {adapters: [{adapterType, drivers}], drivers}.") { Response = typeof(EnvironmentCapabilities) };
    public static readonly ApiRoute CreateEnvironment = new("POST", "companies/{companyId}/environments", "CreateEnvironment", "Creates an environment: {name, description?, driver (local|ssh), status?, config?, metadata?}; an ssh privateKey moves at once into a company secret (board).") { Status = 201, Response = typeof(ExecutionEnvironment), Body = BodyReader.Of(CreateEnvironmentCommand.Parse), BoardOnly = true, Problems = [(409, "local_environment_exists"), .. EnvironmentConfigProblems] };
    public static readonly ApiRoute GetEnvironment = new("GET", "companies/{companyId}/environments/{environmentId}", "GetEnvironment", "Gets an environment (config redacted for agents).") { Response = typeof(ExecutionEnvironment) };
    public static readonly ApiRoute PatchEnvironment = new("PATCH", "companies/{companyId}/environments/{environmentId}", "PatchEnvironment", "Changes an environment; a config with the same driver merges over the stored one (board).") { Response = typeof(ExecutionEnvironment), Body = BodyReader.Of(PatchEnvironmentCommand.Parse), BoardOnly = true, Problems = [.. EnvironmentConfigProblems] };
    public static readonly ApiRoute DeleteEnvironment = new("DELETE", "companies/{companyId}/environments/{environmentId}", "DeleteEnvironment", "Deletes an environment no live run uses, and the key secret it stored (board).") { Response = typeof(ExecutionEnvironment), Problems = [(409, "environment_in_use")], BoardOnly = true };
    public static readonly ApiRoute ProbeEnvironment = new("POST", "companies/{companyId}/environments/{environmentId}/probe", "ProbeEnvironment", "Probes a saved environment: {ok, code, summary, details}, also when it failed; {trustHostKey: true} pins an unknown host key (board).") { Response = typeof(EnvironmentProbeResult), Body = BodyReader.Optional(ProbeCommand.Parse), BoardOnly = true };
    public static readonly ApiRoute ListEnvironmentLeases = new("GET", "companies/{companyId}/environments/{environmentId}/leases", "ListEnvironmentLeases", "Lists the runs' leases of an environment, most recently used first; filter: status (active|released|expired|failed) (board).") { Response = typeof(IReadOnlyList<EnvironmentLease>), Query = [QueryParameter.Enum<EnvironmentLeaseStatus>("status", "Only leases in this status.")], BoardOnly = true };
    public static readonly ApiRoute GetEnvironmentLease = new("GET", "companies/{companyId}/environment-leases/{leaseId}", "GetEnvironmentLease", "Gets one environment lease; leases outlive their environment (board).") { Response = typeof(EnvironmentLease), BoardOnly = true };
    public static readonly ApiRoute ProbeEnvironmentConfig = new("POST", "companies/{companyId}/environments/probe-config", "ProbeEnvironmentConfig", "Probes an unsaved config: {name?, driver, config}; an inline privateKey is used and never stored (board).") { Response = typeof(EnvironmentProbeResult), Body = BodyReader.Of(ProbeConfigCommand.Parse), BoardOnly = true, Problems = [.. EnvironmentConfigProblems] };
    public static readonly ApiRoute CreateIssue = new("POST", "companies/{companyId}/issues", "CreateIssue", "Creates an issue with the next identifier.") { Status = 201, Response = typeof(Issue), Body = BodyReader.Of(CreateIssueCommand.Parse), Problems = [(422, "unprocessable"), (422, "invalid_environment_selection")] };
    public static readonly ApiRoute ListIssues = new("GET", "companies/{companyId}/issues", "ListIssues", "Lists issues; filters: status, assigneeAgentId.") { Response = typeof(IReadOnlyList<Issue>), Query = [QueryParameter.Enum<IssueStatus>("status", "Only issues in this status."), QueryParameter.Id("assigneeAgentId", "Only issues assigned to this agent.")] };
    public static readonly ApiRoute GetIssue = new("GET", "companies/{companyId}/issues/{issueId}", "GetIssue", "Gets an issue.") { Response = typeof(Issue) };
    public static readonly ApiRoute PatchIssue = new("PATCH", "companies/{companyId}/issues/{issueId}", "PatchIssue", "Changes status, assignee, blockers, title or description.") { Response = typeof(Issue), Body = BodyReader.Of(PatchIssueCommand.Parse), Problems = [(422, "unprocessable"), (422, "invalid_environment_selection")] };
    public static readonly ApiRoute CreateIssueComment = new("POST", "companies/{companyId}/issues/{issueId}/comments", "CreateIssueComment", "Posts a comment: {body, reopen?, interrupt? (board)}; wakes the assignee (issue_commented) and agents mentioned as [@Name](agent://id) (issue_comment_mentioned). 201.") { Status = 201, Response = typeof(IssueComment), Body = BodyReader.Of(CreateCommentCommand.Parse), BoardOnly = true };
    public static readonly ApiRoute ListIssueComments = new("GET", "companies/{companyId}/issues/{issueId}/comments", "ListIssueComments", "Lists an issue's comments, newest first; order=asc for oldest first; after=<commentId> for those after it in that order; limit (capped at 500).") { Response = typeof(IReadOnlyList<IssueComment>), Query = [QueryParameter.Id("after", "A comment id: only the comments after it in the chosen order (an unknown id gives an empty list)."), QueryParameter.Id("afterCommentId", "Upstream's alias of after."), QueryParameter.Choice("order", "asc for oldest first; desc (the default) for newest first.", "asc", "desc"), QueryParameter.Number("limit", 1, int.MaxValue, "At most this many (capped at 500); all when absent.")] };
    public static readonly ApiRoute GetIssueComment = new("GET", "companies/{companyId}/issues/{issueId}/comments/{commentId}", "GetIssueComment", "Gets one comment of an issue.") { Response = typeof(IssueComment) };
    public static readonly ApiRoute CheckoutIssue = new("POST", "companies/{companyId}/issues/{issueId}/checkout", "CheckoutIssue", "Claims the issue for an agent's run: {agentId, expectedStatuses}; in_progress with checkoutRunId/executionRunId = the run; the holder again succeeds; 409 issue_checkout_conflict with the lock's fields. Agents send their run (run key or X-Paperclip-Run-Id).") { Response = typeof(Issue), Body = BodyReader.Of(CheckoutCommand.Parse), Problems = [(403, "forbidden"), (409, "issue_checkout_conflict"), (401, "agent_run_id_required"), (422, "run_id_mismatch")] };
    public static readonly ApiRoute ReleaseIssue = new("POST", "companies/{companyId}/issues/{issueId}/release", "ReleaseIssue", "Gives a checked-out issue back: in_progress returns to todo; assignee and run locks cleared; only the assignee's checkout run (409 otherwise).") { Response = typeof(Issue), Problems = [(409, "issue_checkout_conflict")] };
    public static readonly ApiRoute GetAgentMe = new("GET", "agents/me", "GetAgentMe", "The calling agent (agent keys only; 401 otherwise): its record, chainOfCommand and access.") { Response = typeof(Agent), ResponseExtension = typeof(AgentSelfExtras), Problems = [(401, "agent_authentication_required")] };
    public static readonly ApiRoute GetAgentInboxLite = new("GET", "agents/me/inbox-lite", "GetAgentInboxLite", "The calling agent's todo, in_progress and blocked issues, most recently updated first, with their active run and dependency readiness (agent keys only).") { Response = typeof(IReadOnlyList<InboxItem>), Problems = [(401, "agent_authentication_required")] };
    public static readonly ApiRoute ListIssueDocuments = new("GET", "companies/{companyId}/issues/{issueId}/documents", "ListIssueDocuments", "The issue's documents with their bodies, by key.") { Response = typeof(IReadOnlyList<IssueDocument>) };
    public static readonly ApiRoute GetIssueDocument = new("GET", "companies/{companyId}/issues/{issueId}/documents/{key}", "GetIssueDocument", "One document (key lower-cased; 1-64 of [a-z0-9_-], starting with a letter or digit).") { Response = typeof(IssueDocument) };
    public static readonly ApiRoute PutIssueDocument = new("PUT", "companies/{companyId}/issues/{issueId}/documents/{key}", "PutIssueDocument", "Creates (201) or updates (200) a document: {format: markdown, body (up to 524,288 characters), title?, changeSummary?, baseRevisionId?}; an update must name the latest revision as baseRevisionId (409 with currentRevisionId otherwise); every write adds a revision.")
    {
        Status = 200,
        AlternateStatus = 201,
        Response = typeof(IssueDocument),
        Body = BodyReader.Of(PutDocumentCommand.Parse),
        MaxBodyBytes = 4 * 1024 * 1024,
        Problems = [(409, "document_base_revision_required"), (409, "document_revision_conflict"), (409, "document_not_created"), (409, "already_exists")],
    };

    public static readonly ApiRoute ListIssueDocumentRevisions = new("GET", "companies/{companyId}/issues/{issueId}/documents/{key}/revisions", "ListIssueDocumentRevisions", "The document's revisions, newest first, with their bodies.") { Response = typeof(IReadOnlyList<IssueDocumentRevision>) };
    public static readonly ApiRoute DeleteIssueDocument = new("DELETE", "companies/{companyId}/issues/{issueId}/documents/{key}", "DeleteIssueDocument", "Deletes a document and its revisions (board).") { Response = typeof(Acknowledged), BoardOnly = true };
    public static readonly ApiRoute GetHeartbeatContext = new("GET", "companies/{companyId}/issues/{issueId}/heartbeat-context", "GetHeartbeatContext", "What an agent reads first in a heartbeat: the issue, ancestors, project, commentCursor, wakeComment (?wakeCommentId=), blockers, readiness, workspaceFinalized and confirmationAwaitsFinalize.") { Response = typeof(HeartbeatContext), Query = [QueryParameter.Id("wakeCommentId", "The comment that woke the run (PAPERCLIP_WAKE_COMMENT_ID), returned in full as wakeComment.")] };
    public static readonly ApiRoute GetIssueReadiness = new("GET", "companies/{companyId}/issues/{issueId}/readiness", "GetIssueReadiness", "Dependency readiness: unresolved blockers, and done blockers still pending workspace finalize.") { Response = typeof(DependencyReadiness) };
    public static readonly ApiRoute ListInteractions = new("GET", "companies/{companyId}/issues/{issueId}/interactions", "ListInteractions", "Lists the issue's interactions, oldest first.") { Response = typeof(IReadOnlyList<Interaction>) };
    public static readonly ApiRoute CreateInteraction = new("POST", "companies/{companyId}/issues/{issueId}/interactions", "CreateInteraction", "Creates an interaction (idempotent with idempotencyKey).") { Status = 201, AlternateStatus = 200, Response = typeof(Interaction), Body = BodyReader.Of(CreateInteractionCommand.Parse), Problems = [(409, "idempotency_key_reused"), (422, "unprocessable")] };
    public static readonly ApiRoute GetInteraction = new("GET", "companies/{companyId}/issues/{issueId}/interactions/{interactionId}", "GetInteraction", "Gets an interaction.") { Response = typeof(Interaction) };
    public static readonly ApiRoute AcceptInteraction = new("POST", "companies/{companyId}/issues/{issueId}/interactions/{interactionId}/accept", "AcceptInteraction", "Accepts (board); confirmations wait for workspace finalize (409 workspace_finalize_pending).") { Response = typeof(InteractionResolution), Body = BodyReader.Optional(ResolveInteractionCommand.ParseAccept), Problems = [(409, "interaction_already_resolved"), (422, "unprocessable"), (409, "workspace_finalize_pending")], BoardOnly = true };
    public static readonly ApiRoute RejectInteraction = new("POST", "companies/{companyId}/issues/{issueId}/interactions/{interactionId}/reject", "RejectInteraction", "Rejects (board).") { Response = typeof(InteractionResolution), Body = BodyReader.Optional(ResolveInteractionCommand.ParseReject), BoardOnly = true, Problems = [(409, "interaction_already_resolved"), (422, "unprocessable")] };
    public static readonly ApiRoute RespondInteraction = new("POST", "companies/{companyId}/issues/{issueId}/interactions/{interactionId}/respond", "RespondInteraction", "Answers ask_user_questions (board): {answers: [{questionId, optionIds?, otherText?}]}.") { Response = typeof(InteractionResolution), Body = BodyReader.Of(QuestionAnswer.ParseAll), BoardOnly = true, Problems = [(409, "interaction_already_resolved"), (422, "unprocessable")] };
    public static readonly ApiRoute CancelInteraction = new("POST", "companies/{companyId}/issues/{issueId}/interactions/{interactionId}/cancel", "CancelInteraction", "Withdraws ask_user_questions (board, or the agent that asked): {reason?}.") { Response = typeof(InteractionResolution), Body = BodyReader.Optional(ResolveInteractionCommand.ParseReject), Problems = [(403, "forbidden"), (409, "interaction_already_resolved"), (422, "unprocessable")] };
    public static readonly ApiRoute ListRuns = new("GET", "companies/{companyId}/runs", "ListRuns", "Lists runs, newest first; filters: agentId, issueId, status; limit (1-500, default 100).") { Response = typeof(IReadOnlyList<Run>), Query = [QueryParameter.Id("agentId", "Only this agent's runs."), QueryParameter.Id("issueId", "Only runs of this issue."), QueryParameter.Enum<RunStatus>("status", "Only runs in this status."), QueryParameter.Number("limit", 1, RunQuery.MaxLimit, "At most this many (default 100).")] };
    public static readonly ApiRoute GetRun = new("GET", "companies/{companyId}/runs/{runId}", "GetRun", "Gets a run with its workspace operations.") { Response = typeof(RunView) };

    public static readonly ApiRoute CancelRun = new("POST", "companies/{companyId}/runs/{runId}/cancel", "CancelRun", "Cancels a queued or running run: the agent's process tree is killed and the run ends cancelled.") { Status = 202, Response = typeof(RunView), Problems = [(409, "run_not_cancellable")] };
    public static readonly ApiRoute GetRunLog = new("GET", "companies/{companyId}/runs/{runId}/log", "GetRunLog", "A run's output from a byte offset (JSON slice), or follow=true to stream it as text until the run ends.") { Response = typeof(RunLogSlice), Produces = "text/plain", Query = [QueryParameter.Number("offset", 0, long.MaxValue, "The byte offset to read from (default 0)."), QueryParameter.Number("limit", 1, RunLogSlice.MaxBytes, "At most this many bytes (default 65536)."), QueryParameter.Flag("follow", "true: stream the log as text/plain from offset until the run ends.")] };
    public static readonly ApiRoute GetWorkspace = new("GET", "companies/{companyId}/workspaces/{workspaceId}", "GetWorkspace", "Gets an execution workspace: its record, its serializer's state (active and queued runs), its finalizeState (finalized|pending|failed) and latestOperation.") { Response = typeof(WorkspaceView) };
    public static readonly ApiRoute ListWorkspaces = new("GET", "companies/{companyId}/workspaces", "ListWorkspaces", "Lists the company's execution workspaces, most recently used first; filters: issueId (the workspace it runs in or was made for), status.") { Response = typeof(IReadOnlyList<WorkspaceView>), Query = [QueryParameter.Id("issueId", "Only the workspace the issue runs in or was made for."), QueryParameter.Enum<ExecutionWorkspaceStatus>("status", "Only workspaces in this status.")] };
    public static readonly ApiRoute ArchiveWorkspace = new("POST", "companies/{companyId}/workspaces/{workspaceId}/archive", "ArchiveWorkspace", "Archives an execution workspace (board): in the workspace's line, after the runs woken before it, its strategy's teardownCommand runs (workspace_teardown) and a worktree's directory is removed from its repository (worktree_cleanup; never forced, the branch is kept). 202 with the workspace as it is now; GET it until status is archived or cleanup_failed. 200 when already archived. A later wake reopens it.") { Status = 202, AlternateStatus = 200, Response = typeof(WorkspaceView), BoardOnly = true };
    public static readonly ApiRoute ListWorkspaceOperations = new("GET", "companies/{companyId}/workspaces/{workspaceId}/operations", "ListWorkspaceOperations", "The workspace's operation ledger, oldest first: each run's phases with status, exit code, error, excerpts and, for remote runs, the merge report.") { Response = typeof(IReadOnlyList<OperationView>) };

    public static readonly ApiRoute ListActivity = new("GET", "companies/{companyId}/activity", "ListActivity", "The company's audit log, newest first; limit 1-500 (default 100).") { Response = typeof(IReadOnlyList<ActivityLogEntry>), Query = [QueryParameter.Number("limit", 1, 500, "At most this many (default 100).")] };

    public static readonly ApiRoute ListSecretProviders = new("GET", "companies/{companyId}/secret-providers", "ListSecretProviders", "The secret providers and what each can do here (board).") { Response = typeof(IReadOnlyList<SecretProviderDescriptor>), BoardOnly = true };
    public static readonly ApiRoute GetSecretProvidersHealth = new("GET", "companies/{companyId}/secret-providers/health", "GetSecretProvidersHealth", "Each provider's deployment-level health (board).") { Response = typeof(ProvidersHealth), BoardOnly = true };
    public static readonly ApiRoute ListSecretVaults = new("GET", "companies/{companyId}/secret-provider-configs", "ListSecretVaults", "The company's provider vaults, newest first, disabled ones included (board).") { Response = typeof(IReadOnlyList<SecretVault>), BoardOnly = true };
    public static readonly ApiRoute CreateSecretVault = new("POST", "companies/{companyId}/secret-provider-configs", "CreateSecretVault", "Creates a provider vault: {provider, displayName, status?, isDefault?, config?}; config holds identifiers only (board).") { Status = 201, Response = typeof(SecretVault), Body = BodyReader.Of(CreateVaultCommand.Parse), BoardOnly = true, Problems = [(400, "vault_not_defaultable"), (400, "vault_coming_soon")] };
    public static readonly ApiRoute GetSecretVault = new("GET", "companies/{companyId}/secret-provider-configs/{configId}", "GetSecretVault", "Gets a provider vault (board).") { Response = typeof(SecretVault), BoardOnly = true };
    public static readonly ApiRoute UpdateSecretVault = new("PATCH", "companies/{companyId}/secret-provider-configs/{configId}", "UpdateSecretVault", "Changes a provider vault; config replaces the stored one (board).") { Response = typeof(SecretVault), Body = BodyReader.Of(UpdateVaultCommand.Parse), BoardOnly = true, Problems = [(400, "vault_not_defaultable"), (400, "vault_coming_soon")] };
    public static readonly ApiRoute DisableSecretVault = new("DELETE", "companies/{companyId}/secret-provider-configs/{configId}", "DisableSecretVault", "Disables a provider vault: it stays listed and stops serving secrets (board).") { Response = typeof(SecretVault), BoardOnly = true };
    public static readonly ApiRoute SetDefaultSecretVault = new("POST", "companies/{companyId}/secret-provider-configs/{configId}/default", "SetDefaultSecretVault", "Makes the vault its provider's default (board).") { Response = typeof(SecretVault), BoardOnly = true, Problems = [(422, "vault_not_defaultable")] };
    public static readonly ApiRoute CheckSecretVaultHealth = new("POST", "companies/{companyId}/secret-provider-configs/{configId}/health", "CheckSecretVaultHealth", "Checks the vault and records the outcome (board).") { Response = typeof(VaultHealthReport), BoardOnly = true, Problems = [.. ProviderProblems] };
    public static readonly ApiRoute ListSecrets = new("GET", "companies/{companyId}/secrets", "ListSecrets", "The company's secrets (never values), newest first, with referenceCount (board).") { Response = typeof(IReadOnlyList<CompanySecret>), BoardOnly = true };
    public static readonly ApiRoute CreateSecret = new("POST", "companies/{companyId}/secrets", "CreateSecret", "Creates a secret: a managed value, or an external reference into a vault (board).") { Status = 201, Response = typeof(CompanySecret), Body = BodyReader.Of(CreateSecretCommand.Parse), BoardOnly = true, Problems = [.. ProviderProblems] };
    public static readonly ApiRoute GetSecret = new("GET", "companies/{companyId}/secrets/{secretId}", "GetSecret", "Gets a secret (never its value) (board).") { Response = typeof(CompanySecret), BoardOnly = true };
    public static readonly ApiRoute UpdateSecret = new("PATCH", "companies/{companyId}/secrets/{secretId}", "UpdateSecret", "Changes a secret's name, key, status or description (board).") { Response = typeof(CompanySecret), Body = BodyReader.Of(UpdateSecretCommand.Parse), BoardOnly = true };
    public static readonly ApiRoute DeleteSecret = new("DELETE", "companies/{companyId}/secrets/{secretId}", "DeleteSecret", "Deletes a secret (and its managed value remotely); repeat to retry a failed provider delete (board).") { Response = typeof(Acknowledged), BoardOnly = true, Problems = [.. ProviderProblems] };
    public static readonly ApiRoute RotateSecret = new("POST", "companies/{companyId}/secrets/{secretId}/rotate", "RotateSecret", "Writes a new version: {value} (managed) or {externalRef?, providerVersionRef?}; providerConfigId moves it to another vault (board).") { Response = typeof(CompanySecret), Body = BodyReader.Of(RotateSecretCommand.Parse), BoardOnly = true, Problems = [.. ProviderProblems] };
    public static readonly ApiRoute GetSecretUsage = new("GET", "companies/{companyId}/secrets/{secretId}/usage", "GetSecretUsage", "Who binds the secret, at which config paths (board).") { Response = typeof(SecretUsage), BoardOnly = true };
    public static readonly ApiRoute ListSecretAccessEvents = new("GET", "companies/{companyId}/secrets/{secretId}/access-events", "ListSecretAccessEvents", "The secret's resolutions, newest first; limit 1-500 (default 100) (board).") { Response = typeof(IReadOnlyList<SecretAccessEvent>), Query = [QueryParameter.Number("limit", 1, 500, "At most this many (default 100).")], BoardOnly = true };

    public static readonly ApiRoute PreviewSecretImport = new("POST", "companies/{companyId}/secrets/remote-import/preview", "PreviewSecretImport", "Lists a vault's secrets for import and classifies each (ready, duplicate, conflict) without reading any value: {providerConfigId, query?, nextToken?, pageSize?} (board).") { Response = typeof(ImportPreview), Body = BodyReader.Of(PreviewImportCommand.Parse), BoardOnly = true, Problems = [.. ProviderProblems] };
    public static readonly ApiRoute ImportSecrets = new("POST", "companies/{companyId}/secrets/remote-import", "ImportSecrets", "Links the chosen remote secrets as external references, re-checking each row: {providerConfigId, secrets: [{externalRef, name?, key?, description?, providerVersionRef?}]} (board).") { Response = typeof(ImportResult), Body = BodyReader.Of(ImportSecretsCommand.Parse), BoardOnly = true, Problems = [.. ProviderProblems] };

    // The issue-level routes again without the company, as upstream's agents call them (/api/issues/{issueId}/…).
    // Declared after the routes they mirror: static fields initialise in text order.
    public static readonly ApiRoute GetIssueUnscoped = Unscoped(GetIssue);
    public static readonly ApiRoute PatchIssueUnscoped = Unscoped(PatchIssue);
    public static readonly ApiRoute CreateIssueCommentUnscoped = Unscoped(CreateIssueComment);
    public static readonly ApiRoute ListIssueCommentsUnscoped = Unscoped(ListIssueComments);
    public static readonly ApiRoute GetIssueCommentUnscoped = Unscoped(GetIssueComment);
    public static readonly ApiRoute CheckoutIssueUnscoped = Unscoped(CheckoutIssue);
    public static readonly ApiRoute ReleaseIssueUnscoped = Unscoped(ReleaseIssue);
    public static readonly ApiRoute GetHeartbeatContextUnscoped = Unscoped(GetHeartbeatContext);
    public static readonly ApiRoute GetIssueReadinessUnscoped = Unscoped(GetIssueReadiness);
    public static readonly ApiRoute ListIssueDocumentsUnscoped = Unscoped(ListIssueDocuments);
    public static readonly ApiRoute GetIssueDocumentUnscoped = Unscoped(GetIssueDocument);
    public static readonly ApiRoute PutIssueDocumentUnscoped = Unscoped(PutIssueDocument);
    public static readonly ApiRoute ListIssueDocumentRevisionsUnscoped = Unscoped(ListIssueDocumentRevisions);
    public static readonly ApiRoute DeleteIssueDocumentUnscoped = Unscoped(DeleteIssueDocument);
    public static readonly ApiRoute ListInteractionsUnscoped = Unscoped(ListInteractions);
    public static readonly ApiRoute CreateInteractionUnscoped = Unscoped(CreateInteraction);
    public static readonly ApiRoute GetInteractionUnscoped = Unscoped(GetInteraction);
    public static readonly ApiRoute AcceptInteractionUnscoped = Unscoped(AcceptInteraction);
    public static readonly ApiRoute RejectInteractionUnscoped = Unscoped(RejectInteraction);
    public static readonly ApiRoute RespondInteractionUnscoped = Unscoped(RespondInteraction);
    public static readonly ApiRoute CancelInteractionUnscoped = Unscoped(CancelInteraction);

    const string CompanyPrefix = "companies/{companyId}/";

    static ApiRoute Unscoped(ApiRoute scoped) => scoped with
    {
        Template = scoped.Template[CompanyPrefix.Length..],
        Name = scoped.Name + "Unscoped",
        Summary = scoped.Summary + " Without the company in the path: an agent key reaches its own company's issues only; the board any company's.",
    };

    /// <summary>The company-less twin of an issue-level route.</summary>
    public static ApiRoute WithoutCompany(ApiRoute scoped) => All.First(r => r.Name == scoped.Name + "Unscoped");

    /// <summary>All routes.</summary>
    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        Health, OpenApi, CreateCompany, ListCompanies, GetCompany, CreateAgent, ListAgents, GetAgent, PatchAgent, ListAgentWakeups, CreateAgentKey, WakeupAgent,
        CreateProject, ListProjects, GetProject, ListEnvironments, GetEnvironmentCapabilities, CreateEnvironment, GetEnvironment, PatchEnvironment, DeleteEnvironment, ProbeEnvironment, ProbeEnvironmentConfig, ListEnvironmentLeases, GetEnvironmentLease, CreateIssue, ListIssues, GetIssue, PatchIssue, CreateIssueComment, ListIssueComments, GetIssueComment, CheckoutIssue, ReleaseIssue, GetAgentMe, GetAgentInboxLite, GetHeartbeatContext, GetIssueReadiness,
        ListIssueDocuments, GetIssueDocument, PutIssueDocument, ListIssueDocumentRevisions, DeleteIssueDocument,
        ListInteractions, CreateInteraction, GetInteraction, AcceptInteraction, RejectInteraction, RespondInteraction, CancelInteraction, ListRuns, GetRun, CancelRun, GetRunLog, GetWorkspace, ListWorkspaces, ArchiveWorkspace, ListWorkspaceOperations, ListActivity,
        ListSecretProviders, GetSecretProvidersHealth, ListSecretVaults, CreateSecretVault, GetSecretVault, UpdateSecretVault, DisableSecretVault, SetDefaultSecretVault, CheckSecretVaultHealth, ListSecrets, CreateSecret, GetSecret, UpdateSecret, DeleteSecret, RotateSecret, GetSecretUsage, ListSecretAccessEvents, PreviewSecretImport, ImportSecrets,
        GetIssueUnscoped, PatchIssueUnscoped, CreateIssueCommentUnscoped, ListIssueCommentsUnscoped, GetIssueCommentUnscoped, CheckoutIssueUnscoped, ReleaseIssueUnscoped, GetHeartbeatContextUnscoped, GetIssueReadinessUnscoped, ListIssueDocumentsUnscoped, GetIssueDocumentUnscoped, PutIssueDocumentUnscoped, ListIssueDocumentRevisionsUnscoped, DeleteIssueDocumentUnscoped, ListInteractionsUnscoped, CreateInteractionUnscoped, GetInteractionUnscoped, AcceptInteractionUnscoped, RejectInteractionUnscoped, RespondInteractionUnscoped, CancelInteractionUnscoped,
    ];
}
