using Paperclip.Core.Auth;
using Paperclip.Core.Domain;
using Paperclip.Core.Errors;
using Paperclip.Core.Ports;
using Paperclip.Core.Services.Runs;
using Paperclip.Core.Validation;

namespace Paperclip.Core.Services.Issues;

/// <summary><c>POST …/issues/{id}/checkout</c>: upstream's <c>{agentId, expectedStatuses}</c> (both required).</summary>
/// <param name="AgentId">Who takes the issue (an agent only as itself).</param>
/// <param name="ExpectedStatuses">The statuses the issue may be in for the claim.</param>
public sealed record CheckoutCommand(Guid AgentId, IReadOnlyList<IssueStatus> ExpectedStatuses)
{
    /// <summary>Parses and validates the body.</summary>
    public static CheckoutCommand Parse(RequestBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        Guid? agentId = body.Id("agentId", required: true);
        IReadOnlyList<string>? statuses = body.StringArray("expectedStatuses", required: true, maxItems: 16, maxLength: 32);
        List<IssueStatus> expected = [];
        if (statuses is { Count: 0 })
        {
            body.Fail("expectedStatuses", "must name at least one status.");
        }

        foreach (string status in statuses ?? [])
        {
            if (PaperclipJson.ParseEnum<IssueStatus>(status) is { } parsed)
            {
                expected.Add(parsed);
            }
            else
            {
                body.Fail("expectedStatuses", $"must hold only: {string.Join(", ", PaperclipJson.EnumValues<IssueStatus>())}.");
            }
        }

        body.ThrowIfInvalid();
        return new CheckoutCommand(agentId!.Value, expected);
    }
}

/// <summary>
/// Checkout and release with upstream's semantics (research §2): a checkout claims the issue for an agent's run —
/// <c>in_progress</c>, assigned to it, <c>checkoutRunId</c> and <c>executionRunId</c> its run — when the status is one
/// the caller expected and no live run of another holds it; a lock whose run ended or is gone is taken over; the
/// holder checking out again succeeds. Anything else is 409 "Issue checkout conflict" with the lock's fields. Each
/// claim is one ETag-guarded write, so of two concurrent checkouts exactly one wins and the other sees its lock.
/// </summary>
public sealed class CheckoutService(IIssueRepository issues, IAgentRepository agents, IRunRepository runs, RunService runService, Audit audit, TimeProvider time)
{
    /// <summary>The wake of an agent the board checked an issue out for.</summary>
    public const string CheckedOutReason = "issue_checked_out";

    /// <summary>Checks the issue out; returns it.</summary>
    public async Task<Issue> CheckoutAsync(Caller caller, Guid companyId, Guid issueId, CheckoutCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(command);
        caller.EnsureCompany(companyId);
        if (!caller.IsBoard && caller.AgentId != command.AgentId)
        {
            throw new PaperclipException(403, ErrorCodes.Forbidden, "Forbidden", "Agent can only checkout as itself");
        }

        Guid? runId = caller.IsBoard ? null : caller.RunId ?? throw RunRequired();
        _ = await LoadAsync(issues, companyId, issueId, cancellationToken).ConfigureAwait(false);
        if (runId is { } own && (await runs.GetAsync(companyId, own, cancellationToken).ConfigureAwait(false))?.Value.AgentId != caller.AgentId)
        {
            throw new PaperclipException(422, ErrorCodes.RunIdMismatch, "Run id mismatch", "The run named is not a run of this agent.");
        }

        Agent agent = (await agents.GetAsync(companyId, command.AgentId, cancellationToken).ConfigureAwait(false))?.Value
            ?? throw new PaperclipException(404, ErrorCodes.NotFound, "Not found", "Assignee agent not found");
        if (agent.Status is AgentStatus.PendingApproval or AgentStatus.Terminated)
        {
            throw PaperclipException.Conflict(ErrorCodes.AgentNotInvokable, agent.Status == AgentStatus.Terminated ? "Cannot assign work to terminated agents" : "Cannot assign work to pending approval agents");
        }

        // Decided again on what another writer left if the claim loses a race; the holder again writes nothing.
        bool wrote = false;
        Issue claimed = await OptimisticUpdate.ApplyAsync(
            null,
            ct => issues.GetAsync(companyId, issueId, ct),
            async (issue, ct) =>
            {
                Issue? next = await this.DecideAsync(issue, agent.Id, runId, command.ExpectedStatuses, ct).ConfigureAwait(false);
                wrote = next is not null;
                return next ?? issue;
            },
            (next, etag, ct) => issues.UpdateAsync(next, etag, ct),
            cancellationToken).ConfigureAwait(false) ?? throw IssueNotFound();
        if (!wrote)
        {
            return claimed;
        }

        await audit.RecordAsync(caller, companyId, "issue.checked_out", "issue", issueId, new Dictionary<string, object?> { ["agentId"] = agent.Id, ["runId"] = runId }, cancellationToken).ConfigureAwait(false);
        if (caller.IsBoard)
        {
            // The board checked it out for the agent: the agent is woken to work on it (upstream).
            await runService.TryWakeupAsync(companyId, agent.Id, new WakeupCommand(issueId, CheckedOutReason, $"{CheckedOutReason}:{issueId}:{claimed.UpdatedAt.ToUnixTimeMilliseconds()}") { Source = WakeSources.Assignment }, cancellationToken).ConfigureAwait(false);
        }

        return claimed;
    }

    /// <summary>
    /// <c>POST …/issues/{id}/release</c> (upstream's current version): the assignee's checkout run (or any run, once the
    /// holder ended) gives the issue back — <c>in_progress</c> returns to <c>todo</c>, other statuses stay — and the
    /// assignee and both run locks are cleared.
    /// </summary>
    public async Task<Issue> ReleaseAsync(Caller caller, Guid companyId, Guid issueId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        caller.EnsureCompany(companyId);
        Guid? runId = caller.IsBoard ? null : caller.RunId ?? throw RunRequired();
        Issue released = await OptimisticUpdate.ApplyAsync(
            null,
            ct => issues.GetAsync(companyId, issueId, ct),
            async (issue, ct) =>
            {
                if (!caller.IsBoard)
                {
                    if (issue.AssigneeAgentId is { } assignee && assignee != caller.AgentId)
                    {
                        throw Conflict(issue, "Only assignee can release issue", runId);
                    }

                    if (issue.CheckoutRunId is { } holder && holder != runId && await this.IsLiveAsync(companyId, holder, ct).ConfigureAwait(false))
                    {
                        throw Conflict(issue, "Only checkout run can release issue", runId);
                    }
                }

                return issue with
                {
                    Status = issue.Status == IssueStatus.InProgress ? IssueStatus.Todo : issue.Status,
                    AssigneeAgentId = null,
                    CheckoutRunId = null,
                    ExecutionRunId = null,
                    UpdatedAt = time.GetUtcNow(),
                };
            },
            (next, etag, ct) => issues.UpdateAsync(next, etag, ct),
            cancellationToken).ConfigureAwait(false) ?? throw IssueNotFound();
        await audit.RecordAsync(caller, companyId, "issue.released", "issue", issueId, new Dictionary<string, object?> { ["runId"] = runId }, cancellationToken).ConfigureAwait(false);
        return released;
    }

    /// <summary>The claimed issue, null for the holder checking out again, or the 409.</summary>
    async Task<Issue?> DecideAsync(Issue issue, Guid agentId, Guid? runId, IReadOnlyList<IssueStatus> expected, CancellationToken cancellationToken)
    {
        bool mine = issue.AssigneeAgentId == agentId;
        bool expectedStatus = expected.Contains(issue.Status);
        if (mine && issue.Status == IssueStatus.InProgress && issue.CheckoutRunId == runId && (issue.ExecutionRunId is null || issue.ExecutionRunId == runId))
        {
            return issue.ExecutionRunId == runId ? null : this.Claim(issue, agentId, runId);
        }

        bool free = issue.AssigneeAgentId is null && issue.AssigneeUserId is null;
        bool executionFree = issue.ExecutionRunId is null || issue.ExecutionRunId == runId
            || !await this.IsLiveAsync(issue.CompanyId, issue.ExecutionRunId.Value, cancellationToken).ConfigureAwait(false);
        bool checkoutFree = issue.CheckoutRunId is null || issue.CheckoutRunId == runId
            || !await this.IsLiveAsync(issue.CompanyId, issue.CheckoutRunId.Value, cancellationToken).ConfigureAwait(false);

        // The claim (the expected status, and nobody else's live run), or the take-over of this agent's dead lock.
        if ((expectedStatus && (free || (mine && checkoutFree)) && executionFree)
            || (mine && issue.Status == IssueStatus.InProgress && checkoutFree && executionFree))
        {
            return this.Claim(issue, agentId, runId);
        }

        throw Conflict(issue, "Issue checkout conflict", runId);
    }

    Issue Claim(Issue issue, Guid agentId, Guid? runId)
    {
        DateTimeOffset now = time.GetUtcNow();
        return issue with
        {
            Status = IssueStatus.InProgress,
            AssigneeAgentId = agentId,
            AssigneeUserId = null,
            CheckoutRunId = runId,
            ExecutionRunId = runId,
            StartedAt = issue.StartedAt ?? now,
            UpdatedAt = now,
        };
    }

    async Task<bool> IsLiveAsync(Guid companyId, Guid runId, CancellationToken cancellationToken) =>
        (await runs.GetAsync(companyId, runId, cancellationToken).ConfigureAwait(false))?.Value is { IsTerminal: false };

    static async Task<Versioned<Issue>> LoadAsync(IIssueRepository issues, Guid companyId, Guid issueId, CancellationToken cancellationToken) =>
        await issues.GetAsync(companyId, issueId, cancellationToken).ConfigureAwait(false) ?? throw IssueNotFound();

    static PaperclipException IssueNotFound() => new(404, ErrorCodes.NotFound, "Not found", "Issue not found");

    static PaperclipException RunRequired() =>
        new(401, ErrorCodes.AgentRunIdRequired, "Agent run id required", "Agent run id required: use the run's key, or send X-Paperclip-Run-Id.");

    static PaperclipException Conflict(Issue issue, string message, Guid? actorRunId) =>
        new(409, ErrorCodes.CheckoutConflict, message, message)
        {
            Extensions = new Dictionary<string, object?>
            {
                ["issueId"] = issue.Id,
                ["issueStatus"] = PaperclipJson.EnumValue(issue.Status),
                ["assigneeAgentId"] = issue.AssigneeAgentId,
                ["checkoutRunId"] = issue.CheckoutRunId,
                ["executionRunId"] = issue.ExecutionRunId,
                ["actorRunId"] = actorRunId,
            },
        };
}
