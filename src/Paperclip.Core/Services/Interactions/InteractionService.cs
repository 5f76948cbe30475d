using System.Text.Json;
using System.Text.Json.Nodes;
using Paperclip.Core.Auth;
using Paperclip.Core.Domain;
using Paperclip.Core.Errors;
using Paperclip.Core.Policies;
using Paperclip.Core.Ports;
using Paperclip.Core.Services.Issues;
using Paperclip.Core.Services.Runs;

namespace Paperclip.Core.Services.Interactions;

/// <summary>
/// Issue-thread interactions as upstream: create (idempotent per issue and key), accept and reject. Accepting a
/// confirmation is gated on the finalize barrier: while the run that created the card has not finalized on the
/// issue's workspace (or, for a card without a source run, while the workspace's latest operation is not a succeeded
/// finalize), accept is 409 <c>workspace_finalize_pending</c> and the card stays pending. suggest_tasks is exempt.
/// </summary>
public sealed class InteractionService(
    IIssueRepository issues,
    IRunRepository runRows,
    RunService runs,
    IAgentRepository agents,
    IInteractionRepository interactions,
    IWorkspaceOperationRepository operations,
    IIssueDocumentRepository documents,
    IssueService issueService,
    Audit audit,
    TimeProvider time)
{
    /// <summary>Seconds a client should wait before retrying an accept held by the finalize barrier.</summary>
    public const int FinalizeRetryAfterSeconds = 5;

    /// <summary>The wake reason of an agent whose accepted confirmation returned the issue to it.</summary>
    public const string ConfirmationAcceptedReason = "interaction_accepted";

    const string AlreadyResolved = "Interaction has already been resolved";

    /// <summary>Creates a card, or returns the existing one for a repeated equivalent request (Created is then false).</summary>
    public async Task<(Interaction Interaction, bool Created)> CreateAsync(Caller caller, Guid companyId, Guid issueId, CreateInteractionCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(command);
        Issue issue = await this.GetIssueAsync(caller, companyId, issueId, cancellationToken).ConfigureAwait(false);

        // An agent calling back from inside a run (with its run-scoped key) creates cards of that run.
        command = command.SourceRunId is null && caller.RunId is { } callerRun ? command with { SourceRunId = callerRun } : command;
        if (command.SourceRunId is { } runId && await runRows.GetAsync(companyId, runId, cancellationToken).ConfigureAwait(false) is null)
        {
            throw PaperclipException.Unprocessable(ErrorCodes.Unprocessable, "sourceRunId must belong to the same company");
        }

        if (command.Kind is InteractionKind.RequestConfirmation or InteractionKind.RequestCheckboxConfirmation && DocumentTarget.Of(command.Payload) is { } target)
        {
            // A confirmation about a document revision must be about the current one (upstream's messages).
            IssueDocument? document = (await documents.GetAsync(companyId, issue.Id, target.Key, cancellationToken).ConfigureAwait(false))?.Value;
            string kind = PaperclipJson.EnumValue(command.Kind);
            if (document is null || (target.RevisionId is { } revision && revision != document.LatestRevisionId))
            {
                throw PaperclipException.Unprocessable(ErrorCodes.Unprocessable, $"{kind} target must reference the current issue document revision");
            }

            if (target.RevisionNumber is { } number && number != document.LatestRevisionNumber)
            {
                throw PaperclipException.Unprocessable(ErrorCodes.Unprocessable, $"{kind} target revisionNumber must match the current issue document revision");
            }
        }

        DateTimeOffset now = time.GetUtcNow();
        Guid id = command.IdempotencyKey is { } key ? DeterministicIds.From("interaction", companyId.ToString(), issue.Id.ToString(), key) : Guid.CreateVersion7();
        Interaction interaction = new(id, companyId, issue.Id, command.Kind, InteractionStatus.Pending, command.ContinuationPolicy, command.IdempotencyKey,
            command.SourceRunId, command.Title, command.Summary, command.Payload, null, caller.AgentId, null, null, now, now)
        {
            CreatedByUserId = caller.BoardUserId,
        };
        try
        {
            await interactions.CreateAsync(interaction, cancellationToken).ConfigureAwait(false);
        }
        catch (PaperclipException ex) when (ex.Code == ErrorCodes.AlreadyExists)
        {
            Interaction existing = (await interactions.GetAsync(companyId, id, cancellationToken).ConfigureAwait(false))!.Value;
            if (!IsEquivalent(existing, interaction))
            {
                throw new PaperclipException(409, ErrorCodes.IdempotencyKeyReused, "Conflict", "Interaction idempotency key already exists for a different request")
                {
                    Extensions = new Dictionary<string, object?> { ["idempotencyKey"] = command.IdempotencyKey },
                };
            }

            return (existing, false);
        }

        await audit.RecordAsync(caller, companyId, "interaction.created", "interaction", id, cancellationToken).ConfigureAwait(false);
        return (interaction, true);
    }

    /// <summary>Gets one card of the issue.</summary>
    public async Task<Interaction> GetAsync(Caller caller, Guid companyId, Guid issueId, Guid interactionId, CancellationToken cancellationToken) =>
        (await this.GetVersionedAsync(caller, companyId, issueId, interactionId, cancellationToken).ConfigureAwait(false)).Value;

    /// <summary>The issue's cards, oldest first.</summary>
    public async Task<IReadOnlyList<Interaction>> ListAsync(Caller caller, Guid companyId, Guid issueId, CancellationToken cancellationToken)
    {
        Issue issue = await this.GetIssueAsync(caller, companyId, issueId, cancellationToken).ConfigureAwait(false);
        return await interactions.ListForIssueAsync(companyId, issue.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Accepts a card (board only).</summary>
    public async Task<InteractionResolution> AcceptAsync(Caller caller, Guid companyId, Guid issueId, Guid interactionId, ResolveInteractionCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        Versioned<Interaction> current = await this.GetPendingForBoardAsync(caller, companyId, issueId, interactionId, "accept interactions", cancellationToken).ConfigureAwait(false);
        switch (current.Value.Kind)
        {
            case InteractionKind.SuggestTasks:
                return await this.AcceptSuggestedTasksAsync(caller, current, command, cancellationToken).ConfigureAwait(false);
            case InteractionKind.RequestConfirmation or InteractionKind.RequestCheckboxConfirmation:
                await this.EnsureWorkspaceFinalizedAsync(current.Value, cancellationToken).ConfigureAwait(false);

                // After the gate (a stale card on an unfinalized workspace is a 409, as upstream), before the answer:
                // a card about a document revision that has moved on expires instead of being accepted.
                if (await this.ExpireIfStaleAsync(current, cancellationToken).ConfigureAwait(false) is { } stale)
                {
                    return new InteractionResolution(stale, []);
                }

                JsonObject result = new() { ["version"] = 1, ["outcome"] = "accepted" };
                if (current.Value.Kind == InteractionKind.RequestCheckboxConfirmation)
                {
                    result["selectedOptionIds"] = new JsonArray(CheckboxSelection(current.Value.Payload, command.SelectedOptionIds).Select(id => (JsonNode)id).ToArray());
                }

                Interaction accepted = await this.ResolveAsync(caller, current, InteractionStatus.Accepted, result, cancellationToken).ConfigureAwait(false);
                return new InteractionResolution(accepted, []) { ContinuationIssue = await this.ReturnToCreatorAsync(caller, accepted, cancellationToken).ConfigureAwait(false) };
            default:
                throw PaperclipException.Unprocessable(ErrorCodes.Unprocessable, $"Interactions of kind {PaperclipJson.EnumValue(current.Value.Kind)} cannot be accepted");
        }
    }

    /// <summary>
    /// A confirmation whose <c>payload.target</c> names a document revision that is no longer the latest ends
    /// <c>expired</c>: its target moves to the current revision and its result is <c>{version: 1, outcome: "stale_target",
    /// staleTarget}</c> (upstream's). Null when the card is current (or targets no document).
    /// </summary>
    async Task<Interaction?> ExpireIfStaleAsync(Versioned<Interaction> current, CancellationToken cancellationToken)
    {
        Interaction card = current.Value;
        if (DocumentTarget.Of(card.Payload) is not { } target)
        {
            return null;
        }

        IssueDocument? document = (await documents.GetAsync(card.CompanyId, card.IssueId, target.Key, cancellationToken).ConfigureAwait(false))?.Value;
        if (document is null || target.RevisionId == document.LatestRevisionId)
        {
            return null;
        }

        JsonObject payload = JsonNode.Parse(card.Payload.GetRawText())!.AsObject();
        JsonNode staleTarget = payload["target"]!.DeepClone();
        payload["target"]!["revisionId"] = document.LatestRevisionId.ToString();
        payload["target"]!["revisionNumber"] = document.LatestRevisionNumber;
        DateTimeOffset now = time.GetUtcNow();
        Interaction expired = card with
        {
            Status = InteractionStatus.Expired,
            Payload = JsonSerializer.SerializeToElement(payload),
            Result = JsonSerializer.SerializeToElement(new JsonObject { ["version"] = 1, ["outcome"] = "stale_target", ["staleTarget"] = staleTarget }),
            ResolvedAt = now,
            UpdatedAt = now,
        };
        try
        {
            await interactions.UpdateAsync(expired, current.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (PaperclipException ex) when (ex.Code == ErrorCodes.ConcurrencyConflict)
        {
            throw PaperclipException.Conflict(ErrorCodes.InteractionResolved, "Interaction has already been resolved");
        }

        return expired;
    }

    /// <summary>
    /// As upstream: a confirmation an agent asked for, accepted by the board while the issue waits on a user (assigned
    /// to a user, not an agent, and not terminal), goes back to that agent — status todo (or stays blocked), assignee
    /// the agent — and the agent is woken to continue (once per card). Otherwise nothing changes.
    /// </summary>
    async Task<ContinuationIssueView?> ReturnToCreatorAsync(Caller caller, Interaction accepted, CancellationToken cancellationToken)
    {
        if (accepted.CreatedByAgentId is not { } creator || !caller.IsBoard)
        {
            return null;
        }

        bool handedBack = false;
        Issue? returned = await OptimisticUpdate.ApplyAsync(
            ct => issues.GetAsync(accepted.CompanyId, accepted.IssueId, ct),
            i =>
            {
                handedBack = i.AssigneeUserId is not null && i.AssigneeAgentId is null && !i.IsTerminal;
                return handedBack
                    ? i with { Status = i.Status == IssueStatus.Blocked ? IssueStatus.Blocked : IssueStatus.Todo, AssigneeAgentId = creator, AssigneeUserId = null, UpdatedAt = time.GetUtcNow() }
                    : i;
            },
            (i, etag, ct) => issues.UpdateAsync(i, etag, ct),
            cancellationToken).ConfigureAwait(false);
        if (!handedBack || returned is null)
        {
            return null;
        }

        if (returned.Status == IssueStatus.Todo)
        {
            // Declined wakes (the agent was paused meanwhile) leave the issue with the agent for its next wake.
            _ = await runs.TryWakeupAsync(accepted.CompanyId, creator,
                new WakeupCommand(returned.Id, ConfirmationAcceptedReason, $"{ConfirmationAcceptedReason}:{accepted.Id}") { Source = WakeSources.Assignment }, cancellationToken).ConfigureAwait(false);
        }

        await audit.RecordAsync(caller, accepted.CompanyId, "issue.returned_to_agent", "issue", returned.Id, cancellationToken).ConfigureAwait(false);
        return new ContinuationIssueView(returned.Id, returned.AssigneeAgentId, returned.AssigneeUserId, returned.Status);
    }

    /// <summary>Rejects a card (board only).</summary>
    public async Task<InteractionResolution> RejectAsync(Caller caller, Guid companyId, Guid issueId, Guid interactionId, ResolveInteractionCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        Versioned<Interaction> current = await this.GetPendingForBoardAsync(caller, companyId, issueId, interactionId, "reject interactions", cancellationToken).ConfigureAwait(false);
        JsonObject result = current.Value.Kind switch
        {
            InteractionKind.SuggestTasks => new() { ["version"] = 1, ["rejectionReason"] = command.Reason },
            InteractionKind.RequestConfirmation or InteractionKind.RequestCheckboxConfirmation => ConfirmationRejection(current.Value, command.Reason),
            _ => throw PaperclipException.Unprocessable(ErrorCodes.Unprocessable, $"Interactions of kind {PaperclipJson.EnumValue(current.Value.Kind)} cannot be rejected"),
        };
        return new InteractionResolution(await this.ResolveAsync(caller, current, InteractionStatus.Rejected, result, cancellationToken).ConfigureAwait(false), []);
    }

    /// <summary>Answers an ask_user_questions card (board only): status answered, result {version, answers, summaryMarkdown}.</summary>
    public async Task<InteractionResolution> RespondAsync(Caller caller, Guid companyId, Guid issueId, Guid interactionId, IReadOnlyList<QuestionAnswer> answers, CancellationToken cancellationToken)
    {
        Versioned<Interaction> current = await this.GetPendingForBoardAsync(caller, companyId, issueId, interactionId, "answer questions", cancellationToken).ConfigureAwait(false);
        EnsureQuestions(current.Value, "answered");
        JsonObject result = QuestionAnswers.Resolve(current.Value.Payload, answers);
        return new InteractionResolution(await this.ResolveAsync(caller, current, InteractionStatus.Answered, result, cancellationToken).ConfigureAwait(false), []);
    }

    /// <summary>
    /// Withdraws an ask_user_questions card: the board, or the agent that asked. Status cancelled, result
    /// {version, answers: [], cancelled: true, cancellationReason, summaryMarkdown: null}.
    /// </summary>
    public async Task<InteractionResolution> CancelQuestionsAsync(Caller caller, Guid companyId, Guid issueId, Guid interactionId, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        caller.EnsureCompany(companyId);
        Versioned<Interaction> current = await this.GetVersionedAsync(caller, companyId, issueId, interactionId, cancellationToken).ConfigureAwait(false);
        if (!caller.IsBoard && caller.AgentId != current.Value.CreatedByAgentId)
        {
            caller.EnsureBoard("cancel another agent's questions");
        }

        EnsureQuestions(current.Value, "cancelled");
        if (current.Value.Status != InteractionStatus.Pending)
        {
            throw new PaperclipException(409, ErrorCodes.InteractionResolved, "Conflict", AlreadyResolved);
        }

        JsonObject result = new() { ["version"] = 1, ["answers"] = new JsonArray(), ["cancelled"] = true, ["cancellationReason"] = reason, ["summaryMarkdown"] = null };
        return new InteractionResolution(await this.ResolveAsync(caller, current, InteractionStatus.Cancelled, result, cancellationToken).ConfigureAwait(false), []);
    }

    static void EnsureQuestions(Interaction interaction, string verb)
    {
        if (interaction.Kind != InteractionKind.AskUserQuestions)
        {
            throw PaperclipException.Unprocessable(ErrorCodes.Unprocessable, $"Only ask_user_questions interactions can be {verb}");
        }
    }

    static JsonObject ConfirmationRejection(Interaction interaction, string? reason)
    {
        if (reason is null && interaction.Payload.TryGetProperty("rejectRequiresReason", out JsonElement required) && required.ValueKind == JsonValueKind.True)
        {
            throw PaperclipException.Unprocessable(ErrorCodes.Unprocessable, "A decline reason is required for this confirmation");
        }

        return new() { ["version"] = 1, ["outcome"] = "rejected", ["reason"] = reason?.Trim() };
    }

    async Task EnsureWorkspaceFinalizedAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        Issue issue = (await issues.GetAsync(interaction.CompanyId, interaction.IssueId, cancellationToken).ConfigureAwait(false))!.Value;
        IReadOnlyList<WorkspaceOperation> ops = await operations.ListForWorkspacesAsync(interaction.CompanyId, [issue.ExecutionWorkspaceId], cancellationToken).ConfigureAwait(false);
        if (FinalizeBarrier.CardMayBeAccepted(interaction.SourceRunId, ops))
        {
            return;
        }

        // sourceRunId names the card's own run, never another one (null for a card without a source run).
        throw new PaperclipException(409, ErrorCodes.WorkspaceFinalizePending, "Workspace finalize pending", interaction.SourceRunId is null
            ? "Cannot accept interaction: the issue's most recent run has not completed workspace_finalize. Retry once it has."
            : "Cannot accept interaction: the run that created this interaction has not finished syncing its workspace. Retry once the local worktree has finished syncing.")
        {
            Extensions = new Dictionary<string, object?>
            {
                ["executionWorkspaceId"] = issue.ExecutionWorkspaceId,
                ["sourceRunId"] = interaction.SourceRunId,
            },
            RetryAfterSeconds = FinalizeRetryAfterSeconds,
        };
    }

    /// <summary>
    /// A person answered in the thread instead of on the cards: a board user's comment expires the issue's pending
    /// confirmation, checkbox confirmation and question cards created before it, unless a card opted out
    /// (<c>payload.supersedeOnUserComment: false</c>; the default is true). The card ends <c>expired</c> with result
    /// <c>{version: 1, outcome: "superseded_by_comment", commentId}</c>. An agent's or the system's comment never
    /// supersedes. Returns the cards it expired.
    /// </summary>
    public async Task<IReadOnlyList<Interaction>> SupersedeByCommentAsync(IssueComment comment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(comment);
        if (comment.AuthorType != CommentAuthorType.User)
        {
            return [];
        }

        List<Interaction> expired = [];
        foreach (Interaction card in await interactions.ListForIssueAsync(comment.CompanyId, comment.IssueId, cancellationToken).ConfigureAwait(false))
        {
            if (!Supersedable(card, comment))
            {
                continue;
            }

            // Re-checked on the fresh card: one resolved meanwhile (accepted, answered) is left as it is.
            Interaction? stored = await OptimisticUpdate.ApplyAsync(
                ct => interactions.GetAsync(comment.CompanyId, card.Id, ct),
                c => !Supersedable(c, comment) ? c : c with
                {
                    Status = InteractionStatus.Expired,
                    Result = JsonSerializer.SerializeToElement(new JsonObject { ["version"] = 1, ["outcome"] = SupersededOutcome, ["commentId"] = comment.Id.ToString() }),
                    ResolvedBy = "board",
                    ResolvedByUserId = comment.AuthorUserId,
                    ResolvedAt = comment.CreatedAt,
                    UpdatedAt = time.GetUtcNow(),
                },
                (c, etag, ct) => interactions.UpdateAsync(c, etag, ct),
                cancellationToken).ConfigureAwait(false);
            if (stored is { Status: InteractionStatus.Expired } && stored.Result?.GetProperty("outcome").GetString() == SupersededOutcome)
            {
                expired.Add(stored);
                await audit.RecordAsync(Caller.Board, comment.CompanyId, "interaction.superseded", "interaction", card.Id,
                    new Dictionary<string, object?> { ["issueId"] = comment.IssueId, ["commentId"] = comment.Id }, cancellationToken).ConfigureAwait(false);
            }
        }

        return expired;
    }

    /// <summary>The result outcome of a card a person's comment superseded.</summary>
    public const string SupersededOutcome = "superseded_by_comment";

    static bool Supersedable(Interaction card, IssueComment comment) =>
        card.Status == InteractionStatus.Pending
        && card.Kind is InteractionKind.RequestConfirmation or InteractionKind.RequestCheckboxConfirmation or InteractionKind.AskUserQuestions
        && card.CreatedAt < comment.CreatedAt
        && !(card.Payload.ValueKind == JsonValueKind.Object && card.Payload.TryGetProperty("supersedeOnUserComment", out JsonElement flag) && flag.ValueKind == JsonValueKind.False);

    async Task<InteractionResolution> AcceptSuggestedTasksAsync(Caller caller, Versioned<Interaction> current, ResolveInteractionCommand command, CancellationToken cancellationToken)
    {
        Interaction interaction = current.Value;
        IReadOnlyList<SuggestedTask> tasks = SuggestedTask.Read(interaction.Payload);
        IReadOnlyList<SuggestedTask> ordered = SuggestedTask.SelectParentsFirst(tasks, command.SelectedClientKeys);
        foreach (SuggestedTask task in ordered)
        {
            if (task.AssigneeAgentId is { } agent && await agents.GetAsync(interaction.CompanyId, agent, cancellationToken).ConfigureAwait(false) is null)
            {
                throw PaperclipException.Unprocessable(ErrorCodes.Unprocessable, $"Suggested task {task.ClientKey} assigneeAgentId does not name an agent of this company");
            }
        }

        // Issues get ids derived from the card and the task, so a retried or raced accept finds them instead of
        // creating duplicates; the card is marked accepted only after every issue exists.
        Dictionary<string, Issue> created = new(StringComparer.Ordinal);
        foreach (SuggestedTask task in ordered)
        {
            Guid parentId = task.ParentClientKey is { } p ? created[p].Id : interaction.IssueId;
            Guid id = DeterministicIds.From("suggested-task", interaction.Id.ToString(), task.ClientKey);
            CreateIssueCommand issue = new(task.Title, task.Description, null, task.AssigneeAgentId, IssueStatus.Todo, []) { WorkMode = task.WorkMode };
            created[task.ClientKey] = await issueService.CreateChildIdempotentAsync(caller, interaction.CompanyId, id, parentId, issue, cancellationToken).ConfigureAwait(false);
        }

        Dictionary<Guid, Issue> byId = created.Values.ToDictionary(i => i.Id);
        JsonObject result = new()
        {
            ["version"] = 1,
            ["createdTasks"] = new JsonArray(ordered.Select(t => (JsonNode)new JsonObject
            {
                ["clientKey"] = t.ClientKey,
                ["issueId"] = created[t.ClientKey].Id.ToString(),
                ["identifier"] = created[t.ClientKey].Identifier,
                ["title"] = created[t.ClientKey].Title,
                ["parentIssueId"] = created[t.ClientKey].ParentId?.ToString(),
                ["parentIdentifier"] = created[t.ClientKey].ParentId is { } pid && byId.TryGetValue(pid, out Issue? parent) ? parent.Identifier : null,
            }).ToArray()),
        };
        string[] skipped = tasks.Select(t => t.ClientKey).Except(ordered.Select(t => t.ClientKey)).ToArray();
        if (skipped.Length > 0)
        {
            result["skippedClientKeys"] = new JsonArray(skipped.Select(k => (JsonNode)k).ToArray());
        }

        Interaction accepted = await this.ResolveAsync(caller, current, InteractionStatus.Accepted, result, cancellationToken).ConfigureAwait(false);
        return new InteractionResolution(accepted, ordered.Select(t => created[t.ClientKey]).Select(i => new CreatedIssueView(i.Id, i.Identifier, i.AssigneeAgentId, i.Status)).ToArray());
    }

    async Task<Interaction> ResolveAsync(Caller caller, Versioned<Interaction> current, InteractionStatus status, JsonObject result, CancellationToken cancellationToken)
    {
        DateTimeOffset now = time.GetUtcNow();
        Interaction resolved = current.Value with
        {
            Status = status,
            Result = JsonSerializer.SerializeToElement(result),
            ResolvedBy = caller.ActorName,
            ResolvedByUserId = caller.BoardUserId,
            ResolvedByAgentId = caller.IsBoard ? null : caller.AgentId,
            ResolvedAt = now,
            UpdatedAt = now,
        };
        try
        {
            await interactions.UpdateAsync(resolved, current.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (PaperclipException ex) when (ex.Code == ErrorCodes.ConcurrencyConflict)
        {
            // Compare-and-set lost: someone resolved it between our read and write.
            throw new PaperclipException(409, ErrorCodes.InteractionResolved, "Conflict", AlreadyResolved, null, ex);
        }

        await audit.RecordAsync(caller, current.Value.CompanyId, $"interaction.{PaperclipJson.EnumValue(status)}", "interaction", current.Value.Id, cancellationToken).ConfigureAwait(false);
        return resolved;
    }

    static string[] CheckboxSelection(JsonElement payload, IReadOnlyList<string>? requested)
    {
        string[] options = payload.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("id").GetString()!).ToArray();
        IEnumerable<string> chosen = requested
            ?? (payload.TryGetProperty("defaultSelectedOptionIds", out JsonElement d) && d.ValueKind == JsonValueKind.Array
                ? d.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)
                : []);
        HashSet<string> selected = new(StringComparer.Ordinal);
        foreach (string id in chosen)
        {
            if (!options.Contains(id))
            {
                throw PaperclipException.Unprocessable(ErrorCodes.Unprocessable, $"Unknown checkbox confirmation optionId: {id}");
            }

            selected.Add(id);
        }

        int min = payload.TryGetProperty("minSelected", out JsonElement mn) && mn.TryGetInt32(out int a) ? a : 0;
        int? max = payload.TryGetProperty("maxSelected", out JsonElement mx) && mx.TryGetInt32(out int b) ? b : null;
        if (selected.Count < min)
        {
            throw PaperclipException.Unprocessable(ErrorCodes.Unprocessable, $"Select at least {min} checkbox confirmation option(s)");
        }

        if (selected.Count > max)
        {
            throw PaperclipException.Unprocessable(ErrorCodes.Unprocessable, $"Select no more than {max} checkbox confirmation option(s)");
        }

        return options.Where(selected.Contains).ToArray();
    }

    async Task<Versioned<Interaction>> GetPendingForBoardAsync(Caller caller, Guid companyId, Guid issueId, Guid interactionId, string action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        caller.EnsureCompany(companyId);
        caller.EnsureBoard(action);
        Versioned<Interaction> current = await this.GetVersionedAsync(caller, companyId, issueId, interactionId, cancellationToken).ConfigureAwait(false);
        return current.Value.Status == InteractionStatus.Pending
            ? current
            : throw new PaperclipException(409, ErrorCodes.InteractionResolved, "Conflict", AlreadyResolved);
    }

    static bool IsEquivalent(Interaction a, Interaction b) =>
        a.Kind == b.Kind && a.ContinuationPolicy == b.ContinuationPolicy && a.IdempotencyKey == b.IdempotencyKey
        && a.SourceRunId == b.SourceRunId && a.Title == b.Title && a.Summary == b.Summary && a.CreatedByAgentId == b.CreatedByAgentId
        && JsonElement.DeepEquals(a.Payload, b.Payload);

    async Task<Issue> GetIssueAsync(Caller caller, Guid companyId, Guid issueId, CancellationToken cancellationToken)
    {
        caller.EnsureCompany(companyId);
        return (await issues.GetAsync(companyId, issueId, cancellationToken).ConfigureAwait(false) ?? throw PaperclipException.NotFound("Issue")).Value;
    }

    async Task<Versioned<Interaction>> GetVersionedAsync(Caller caller, Guid companyId, Guid issueId, Guid interactionId, CancellationToken cancellationToken)
    {
        _ = await this.GetIssueAsync(caller, companyId, issueId, cancellationToken).ConfigureAwait(false);
        Versioned<Interaction>? found = await interactions.GetAsync(companyId, interactionId, cancellationToken).ConfigureAwait(false);
        return found is { } f && f.Value.IssueId == issueId ? f : throw PaperclipException.NotFound("Interaction");
    }
}
