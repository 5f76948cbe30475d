using System.Text.Json;
using System.Text.Json.Nodes;
using Paperclip.Core.Auth;
using Paperclip.Core.Domain;
using Paperclip.Core.Errors;
using Paperclip.Core.Policies;
using Paperclip.Core.Ports;
using Paperclip.Core.Services.Issues;

namespace Paperclip.Core.Services.Agents;

/// <summary>
/// An agent's view of itself (research §3.1, §3.2): <c>GET /api/agents/me</c> — its record, its chain of command and
/// what it may do — and <c>GET /api/agents/me/inbox-lite</c> — its <c>todo</c>, <c>in_progress</c> and <c>blocked</c>
/// issues, most recently updated first, each with its active run and its dependency readiness. Only an agent key has
/// a self: the board gets 401, as upstream.
/// </summary>
public sealed class AgentSelfService(IAgentRepository agents, IIssueRepository issues, IRunRepository runs, DependencyService dependencies)
{
    /// <summary>The stable code of a self route called without an agent key.</summary>
    public const string AgentAuthenticationRequired = "agent_authentication_required";

    static readonly IssueStatus[] InboxStatuses = [IssueStatus.Todo, IssueStatus.InProgress, IssueStatus.Blocked];

    /// <summary>The agent's record, <c>chainOfCommand</c> (none: agents here report to the board) and <c>access</c>.</summary>
    public async Task<JsonObject> MeAsync(Caller caller, CancellationToken cancellationToken)
    {
        (Guid companyId, Guid agentId) = Self(caller);
        Agent agent = (await agents.GetAsync(companyId, agentId, cancellationToken).ConfigureAwait(false))?.Value
            ?? throw new PaperclipException(404, ErrorCodes.NotFound, "Not found", "Agent not found");
        JsonObject view = JsonSerializer.SerializeToNode(agent, PaperclipJson.Options)!.AsObject();

        // What this key may do here: everything an agent may, within its own company; never the board's routes.
        AgentSelfExtras extras = new(
            UrlKey(agent),
            [],
            new AgentAccess(false, null, new AgentMembership(companyId, "agent"), [], ["read_company", "create_issues", "update_issues", "comment", "checkout", "create_interactions"]),
            caller.RunId);
        foreach ((string name, JsonNode? value) in JsonSerializer.SerializeToNode(extras, PaperclipJson.Options)!.AsObject().ToArray())
        {
            view[name] = value?.DeepClone();
        }

        return view;
    }

    /// <summary>The agent's open work, as upstream's compact inbox items.</summary>
    public async Task<IReadOnlyList<InboxItem>> InboxLiteAsync(Caller caller, CancellationToken cancellationToken)
    {
        (Guid companyId, Guid agentId) = Self(caller);
        Issue[] open = [.. (await issues.ListAsync(companyId, null, agentId, cancellationToken).ConfigureAwait(false))
            .Where(i => InboxStatuses.Contains(i.Status))
            .OrderByDescending(i => i.UpdatedAt)
            .ThenByDescending(i => i.Id)];
        Task<IReadOnlyDictionary<Guid, DependencyReadiness>> readiness = dependencies.GetReadinessAsync(companyId, open, cancellationToken);
        Run?[] active = await Task.WhenAll(open.Select(async i => i.ExecutionRunId is { } id
            ? (await runs.GetAsync(companyId, id, cancellationToken).ConfigureAwait(false))?.Value is { Status: RunStatus.Queued or RunStatus.Running } run ? run : null
            : null)).ConfigureAwait(false);
        IReadOnlyDictionary<Guid, DependencyReadiness> ready = await readiness.ConfigureAwait(false);
        return [.. open.Select((issue, n) => new InboxItem(issue.Id, issue.Identifier, issue.Title, issue.Status, null, issue.ProjectId, null, issue.ParentId, issue.UpdatedAt,
            active[n] is { } run ? new InboxRun(run.Id, run.Status, run.AgentId, run.Source, run.WakeReason, run.StartedAt, run.FinishedAt, run.CreatedAt) : null)
        {
            DependencyReady = ready[issue.Id].IsDependencyReady,
            UnresolvedBlockerCount = ready[issue.Id].UnresolvedBlockerCount,
            UnresolvedBlockerIssueIds = ready[issue.Id].UnresolvedBlockerIssueIds,
        })];
    }

    static (Guid CompanyId, Guid AgentId) Self(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return !caller.IsBoard && caller is { CompanyId: { } company, AgentId: { } agent }
            ? (company, agent)
            : throw new PaperclipException(401, AgentAuthenticationRequired, "Unauthorized", "Agent authentication required");
    }

    static string UrlKey(Agent agent)
    {
        string key = new([.. agent.Name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);
        key = string.Join('-', key.Split('-', StringSplitOptions.RemoveEmptyEntries));
        return key.Length > 0 ? key : agent.Id.ToString();
    }
}

/// <summary>One issue of an agent's inbox (upstream's compact item).</summary>
/// <param name="Id">The issue.</param>
/// <param name="Identifier">Its identifier (<c>AR-12</c>).</param>
/// <param name="Title">Its title.</param>
/// <param name="Status">todo, in_progress or blocked.</param>
/// <param name="Priority">Upstream's priority (issues here have none: null).</param>
/// <param name="ProjectId">Its project.</param>
/// <param name="GoalId">Upstream's goal (none here: null).</param>
/// <param name="ParentId">Its parent issue.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="ActiveRun">The run executing it, when queued or running.</param>
public sealed record InboxItem(Guid Id, string Identifier, string Title, IssueStatus Status, string? Priority, Guid? ProjectId, Guid? GoalId, Guid? ParentId, DateTimeOffset UpdatedAt, InboxRun? ActiveRun)
{
    /// <summary>Every blocker done and finalized.</summary>
    public bool DependencyReady { get; init; } = true;

    /// <summary>How many blockers are not.</summary>
    public int UnresolvedBlockerCount { get; init; }

    /// <summary>Which.</summary>
    public IReadOnlyList<Guid> UnresolvedBlockerIssueIds { get; init; } = [];
}

/// <summary>An inbox item's active run.</summary>
/// <param name="Id">The run.</param>
/// <param name="Status">queued or running.</param>
/// <param name="AgentId">Its agent.</param>
/// <param name="InvocationSource">How it was invoked (upstream's name for the wake's source).</param>
/// <param name="TriggerDetail">Why (the wake reason).</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="FinishedAt">When it finished.</param>
/// <param name="CreatedAt">When it was created.</param>
public sealed record InboxRun(Guid Id, RunStatus Status, Guid AgentId, string InvocationSource, string TriggerDetail, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, DateTimeOffset CreatedAt);

/// <summary>
/// What <c>GET /api/agents/me</c> adds to the agent's record, as upstream: its <c>urlKey</c>, <c>chainOfCommand</c> (none:
/// agents here report to the board), <c>access</c>, and the run the key names.
/// </summary>
public sealed record AgentSelfExtras(string UrlKey, IReadOnlyList<Guid> ChainOfCommand, AgentAccess Access, Guid? RunId);

/// <summary>An agent's access, in upstream's shape, plus <c>may</c>: the actions its key may take here.</summary>
public sealed record AgentAccess(bool CanAssignTasks, string? TaskAssignSource, AgentMembership Membership, IReadOnlyList<string> Grants, IReadOnlyList<string> May);

/// <summary>The agent's membership of its company.</summary>
public sealed record AgentMembership(Guid CompanyId, string Role);
