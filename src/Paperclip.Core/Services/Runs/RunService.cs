using Paperclip.Core.Auth;
using Paperclip.Core.Domain;
using Paperclip.Core.Errors;
using Paperclip.Core.Policies;
using Paperclip.Core.Ports;
using Paperclip.Core.Runs;
using Paperclip.Core.Services.Workspaces;

namespace Paperclip.Core.Services.Runs;

/// <summary>Wakes agents (one run per wake) and reads runs.</summary>
public sealed class RunService(
    IAgentRepository agents,
    IIssueRepository issues,
    IRunRepository runs,
    IWorkspaceOperationRepository operations,
    IDurableEngine engine,
    IWakeupReservations reservations,
    IRunLogStore logs,
    ExecutionWorkspaceService workspaces,
    IWakeupRequestRepository wakes,
    Audit audit,
    TimeProvider time)
{
    static readonly IssueStatus[] RunnableStatuses = [IssueStatus.InProgress, IssueStatus.Todo];

    /// <summary>
    /// Queues a run of the agent on an issue and starts its orchestration. The run row is written first,
    /// so a start that fails leaves a run marked failed with the reason rather than an orphaned orchestration.
    /// </summary>
    public async Task<WakeupAccepted> WakeupAsync(Caller caller, Guid companyId, Guid agentId, WakeupCommand command, CancellationToken cancellationToken)
    {
        caller.EnsureCompany(companyId);
        Agent agent = (await agents.GetAsync(companyId, agentId, cancellationToken).ConfigureAwait(false) ?? throw PaperclipException.NotFound("Agent")).Value;
        WakeAsk ask = new(command.Source == WakeSources.Timer, command.IdempotencyKey is not null, command.PromotedWakeId is not null);
        switch (WakePolicy.Gate(agent, ask))
        {
            case WakeDecision.Refused:
                throw PaperclipException.Conflict(ErrorCodes.AgentNotInvokable, "Agent is not invokable in its current state");
            case WakeDecision.Skipped { Reason: var skipped }:
                await this.RecordWakeAsync(caller, companyId, agent.Id, command.IssueId, command, WakeupRequestStatus.Skipped, null, skipped, cancellationToken).ConfigureAwait(false);
                throw new PaperclipException(409, ErrorCodes.WakeupSkipped, "Wakeup skipped", $"The agent's heartbeat policy skips {command.Source} wakes ({skipped}).")
                {
                    Extensions = new Dictionary<string, object?> { ["reason"] = skipped },
                };
        }

        Issue issue = await this.PickIssueAsync(companyId, agent, command.IssueId, cancellationToken).ConfigureAwait(false);
        WakeDecision placement = WakePolicy.Place(agent.Id, ask, await runs.ListAsync(companyId, new RunQuery(issue.Id), cancellationToken).ConfigureAwait(false));

        Guid runId = Guid.CreateVersion7();
        if (command.IdempotencyKey is { } key)
        {
            // A key names exactly one run: a repeat gets the run the key first produced (or finishes creating it).
            Guid holder = await reservations.ReserveAsync(companyId, key, runId, cancellationToken).ConfigureAwait(false);
            if (holder != runId && await runs.GetAsync(companyId, holder, cancellationToken).ConfigureAwait(false) is { } prior)
            {
                return WakeupAccepted.For(prior.Value);
            }

            runId = holder;
        }

        switch (placement)
        {
            case WakeDecision.Coalesced { RunId: var queuedId }:
                Run merged = await RunUpdates.ApplyAsync(runs, companyId, queuedId, r => r.Status == RunStatus.Queued ? r with { CoalescedCount = r.CoalescedCount + 1 } : r, cancellationToken).ConfigureAwait(false);
                Guid coalesced = await this.RecordWakeAsync(caller, companyId, agent.Id, issue.Id, command, WakeupRequestStatus.Coalesced, merged.Id, null, cancellationToken).ConfigureAwait(false);
                await audit.RecordAsync(caller, companyId, "agent.wake_coalesced", "run", merged.Id, cancellationToken).ConfigureAwait(false);
                return WakeupAccepted.For(merged) with { Coalesced = true, WakeupRequestId = coalesced };
            case WakeDecision.Deferred:
                return await this.DeferAsync(caller, companyId, agent.Id, issue.Id, command, cancellationToken).ConfigureAwait(false);
        }

        // Every step below is idempotent for the run id, so a request that lost the key race (or retries after a
        // crash between the reservation and the run) completes the same run instead of starting a second one.
        // The wake's record and the workspace are independent writes: made side by side.
        Guid wakeId = command.PromotedWakeId ?? DeterministicIds.From("wake", runId.ToString());
        Task recorded = command.PromotedWakeId is null
            ? this.RecordWakeAsync(caller, companyId, agent.Id, issue.Id, command, WakeupRequestStatus.Queued, runId, null, cancellationToken, wakeId)
            : Task.CompletedTask;
        Task<ExecutionWorkspace> resolving = workspaces.ResolveForRunAsync(issue, agent, cancellationToken);
        await Task.WhenAll(recorded, resolving).ConfigureAwait(false);
        ExecutionWorkspace workspace = await resolving.ConfigureAwait(false);
        DateTimeOffset now = time.GetUtcNow();
        Run run = new(runId, companyId, agent.Id, issue.Id, workspace.Id, RunStatus.Queued, command.Reason,
            null, null, now, null, null, now)
        {
            Source = command.Source,
            RetryOfRunId = command.RetryOfRunId,
            MaxConcurrentRuns = agent.Heartbeat.MaxConcurrentRuns,
            WakeupRequestId = wakeId,
            WakeCommentId = command.CommentId,
        };
        try
        {
            await runs.CreateAsync(run, cancellationToken).ConfigureAwait(false);
        }
        catch (PaperclipException ex) when (ex.Code == ErrorCodes.AlreadyExists && command.IdempotencyKey is not null)
        {
            run = (await runs.GetAsync(companyId, runId, cancellationToken).ConfigureAwait(false))!.Value;
        }

        RunRequest request = ToRequest(run);
        try
        {
            // In line at the workspace first, so runs are admitted in wake order whatever order their orchestrations ask in.
            await engine.EnqueueAtWorkspaceAsync(request, cancellationToken).ConfigureAwait(false);
            await engine.StartRunAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await RunUpdates.ApplyAsync(runs, companyId, run.Id, r => r with { Status = RunStatus.Failed, Error = "The run could not be started.", FinishedAt = time.GetUtcNow() }, CancellationToken.None).ConfigureAwait(false);
            try
            {
                // Take it out of the workspace's line again; with the engine down this may fail too, and the
                // run is already recorded as failed, so the original error is what the caller gets.
                await engine.ReleaseWorkspaceAsync(request.CompanyId, request.ExecutionWorkspaceId, request.RunId, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception releaseFailure) when (releaseFailure is not OperationCanceledException)
            {
                throw new PaperclipException(503, ErrorCodes.Unavailable, "Service unavailable", "The durable engine did not accept the run; it was marked failed.", null, new AggregateException(ex, releaseFailure));
            }

            throw new PaperclipException(503, ErrorCodes.Unavailable, "Service unavailable", "The durable engine did not accept the run; it was marked failed.", null, ex);
        }

        await audit.RecordAsync(caller, companyId, "agent.woken", "run", run.Id, cancellationToken).ConfigureAwait(false);
        return WakeupAccepted.For(run) with { WakeupRequestId = wakeId };
    }

    /// <summary>True when the issue has wakes deferred behind its execution (another agent's) waiting to be promoted.</summary>
    public async Task<bool> HasDeferredWakesAsync(Guid companyId, Guid issueId, CancellationToken cancellationToken) =>
        (await wakes.ListForIssueAsync(companyId, issueId, WakeupRequestStatus.DeferredIssueExecution, cancellationToken).ConfigureAwait(false)).Count > 0;

    /// <summary>
    /// A run on the issue ended: promotes the oldest deferred wake whose agent can still run to a queued run (its
    /// record becomes <c>queued</c> with reason <c>issue_execution_promoted</c>); wakes whose agent cannot are marked
    /// failed, as upstream. Nothing happens while a run on the issue is still live.
    /// </summary>
    public async Task PromoteDeferredAsync(Guid companyId, Guid issueId, CancellationToken cancellationToken)
    {
        if ((await runs.ListAsync(companyId, new RunQuery(issueId), cancellationToken).ConfigureAwait(false)).Any(r => !r.IsTerminal))
        {
            return;
        }

        foreach (WakeupRequest deferred in await wakes.ListForIssueAsync(companyId, issueId, WakeupRequestStatus.DeferredIssueExecution, cancellationToken).ConfigureAwait(false))
        {
            WakeupCommand command = new(issueId, deferred.Reason, deferred.IdempotencyKey ?? $"{PromotedReason}:{deferred.Id}")
            {
                Source = deferred.Source,
                PromotedWakeId = deferred.Id,
                CommentId = deferred.CommentId,
            };
            (WakeupAccepted? accepted, _) = await this.TryWakeupAsync(companyId, deferred.AgentId, command, cancellationToken).ConfigureAwait(false);
            DateTimeOffset now = time.GetUtcNow();
            await OptimisticUpdate.ApplyAsync(
                ct => wakes.GetAsync(companyId, deferred.Id, ct),
                w => w.Status != WakeupRequestStatus.DeferredIssueExecution ? w
                    : accepted?.RunId is { } run ? w with { Status = WakeupRequestStatus.Queued, Reason = PromotedReason, RunId = run }
                    : w with { Status = WakeupRequestStatus.Failed, Error = "Deferred wake could not be promoted: agent is not invokable", FinishedAt = now },
                (w, etag, ct) => wakes.UpdateAsync(w, etag, ct),
                cancellationToken).ConfigureAwait(false);
            if (accepted?.RunId is not null)
            {
                // One at a time: the promoted run now executes the issue; the next deferred wake waits for it.
                return;
            }
        }
    }

    /// <summary>
    /// The heartbeat's backstop for promotions a finalize could not make (a storage hiccup): every issue of the company
    /// with deferred wakes and no live run gets its next wake promoted. Returns how many issues were looked at.
    /// </summary>
    public async Task<int> PromoteAllDeferredAsync(Guid companyId, CancellationToken cancellationToken)
    {
        Guid[] issuesWithDeferred = (await wakes.ListByStatusAsync(companyId, WakeupRequestStatus.DeferredIssueExecution, cancellationToken).ConfigureAwait(false))
            .Select(w => w.IssueId).OfType<Guid>().Distinct().ToArray();
        foreach (Guid issueId in issuesWithDeferred)
        {
            await this.PromoteDeferredAsync(companyId, issueId, cancellationToken).ConfigureAwait(false);
        }

        return issuesWithDeferred.Length;
    }

    /// <summary>The agent's recent wakes, newest first.</summary>
    public async Task<IReadOnlyList<WakeupRequest>> ListWakesAsync(Caller caller, Guid companyId, Guid agentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        caller.EnsureCompany(companyId);
        _ = await agents.GetAsync(companyId, agentId, cancellationToken).ConfigureAwait(false) ?? throw PaperclipException.NotFound("Agent");
        return await wakes.ListForAgentAsync(companyId, agentId, 100, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The reason of a deferred wake once promoted to a run.</summary>
    public const string PromotedReason = "issue_execution_promoted";

    async Task<WakeupAccepted> DeferAsync(Caller caller, Guid companyId, Guid agentId, Guid issueId, WakeupCommand command, CancellationToken cancellationToken)
    {
        // A later wake of the same agent for the same issue merges into its deferred wake.
        if ((await wakes.ListForIssueAsync(companyId, issueId, WakeupRequestStatus.DeferredIssueExecution, cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(w => w.AgentId == agentId) is { } pending)
        {
            WakeupRequest? merged = await OptimisticUpdate.ApplyAsync(
                ct => wakes.GetAsync(companyId, pending.Id, ct),
                w => w with { CoalescedCount = w.CoalescedCount + 1 },
                (w, etag, ct) => wakes.UpdateAsync(w, etag, ct),
                cancellationToken).ConfigureAwait(false);
            return new WakeupAccepted(null, null, issueId, null) { Deferred = true, Coalesced = true, WakeupRequestId = merged?.Id ?? pending.Id };
        }

        Guid id = await this.RecordWakeAsync(caller, companyId, agentId, issueId, command, WakeupRequestStatus.DeferredIssueExecution, null, null, cancellationToken).ConfigureAwait(false);
        await audit.RecordAsync(caller, companyId, "agent.wake_deferred", "wakeup_request", id, cancellationToken).ConfigureAwait(false);
        return new WakeupAccepted(null, null, issueId, null) { Deferred = true, WakeupRequestId = id };
    }

    async Task<Guid> RecordWakeAsync(Caller caller, Guid companyId, Guid agentId, Guid? issueId, WakeupCommand command, WakeupRequestStatus status, Guid? runId, string? error, CancellationToken cancellationToken, Guid? id = null)
    {
        DateTimeOffset now = time.GetUtcNow();
        WakeupRequest wake = new(id ?? Guid.CreateVersion7(), companyId, agentId, issueId, command.Source, command.Reason, status, caller.ActorName, now)
        {
            RunId = runId,
            IdempotencyKey = command.IdempotencyKey,
            CommentId = command.CommentId,
            Error = error,
            FinishedAt = status is WakeupRequestStatus.Coalesced or WakeupRequestStatus.Skipped ? now : null,
        };
        try
        {
            await wakes.CreateAsync(wake, cancellationToken).ConfigureAwait(false);
        }
        catch (PaperclipException ex) when (ex.Code == ErrorCodes.AlreadyExists)
        {
            // The same keyed wake retried: its record is already there.
        }

        return wake.Id;
    }

    /// <summary>
    /// A wake the control plane makes on its own (timer, dependency, retry): a wake the agent declines — gone, not
    /// invokable, its policy skips it, or it has no issue to run — returns the problem code instead of throwing.
    /// </summary>
    public async Task<(WakeupAccepted? Accepted, string? DeclinedCode)> TryWakeupAsync(Guid companyId, Guid agentId, WakeupCommand command, CancellationToken cancellationToken)
    {
        try
        {
            return (await this.WakeupAsync(Caller.System, companyId, agentId, command, cancellationToken).ConfigureAwait(false), null);
        }
        catch (PaperclipException ex) when (ex.Status is 404 or 409 or 422)
        {
            return (null, ex.Code);
        }
    }

    /// <summary>
    /// One automatic retry of a run whose process was lost, as upstream: a fresh run of the same agent on the same
    /// issue, unless the lost run was itself a retry. Keyed by the lost run, so repeating this cannot retry twice.
    /// Declined (the agent was paused or removed): the lost run stays failed, with its reason.
    /// </summary>
    public async Task RetryLostRunAsync(Run lost, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lost);
        if (lost.RetryOfRunId is not null)
        {
            return;
        }

        _ = await this.TryWakeupAsync(
            lost.CompanyId, lost.AgentId,
            new WakeupCommand(lost.IssueId, ProcessLost.RetryReason, $"{ProcessLost.RetryReason}:{lost.Id}") { Source = WakeSources.Automation, RetryOfRunId = lost.Id },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gets a run with its operations.</summary>
    public async Task<RunView> GetAsync(Caller caller, Guid companyId, Guid runId, CancellationToken cancellationToken)
    {
        caller.EnsureCompany(companyId);
        Run run = (await runs.GetAsync(companyId, runId, cancellationToken).ConfigureAwait(false) ?? throw PaperclipException.NotFound("Run")).Value;
        IReadOnlyList<WorkspaceOperation> ops = await operations.ListForRunAsync(companyId, runId, cancellationToken).ConfigureAwait(false);
        return RunView.From(run, ops);
    }

    /// <summary>
    /// Asks to cancel a queued or running run. The host executing it kills the agent's process tree within about a
    /// second (it watches the run row, so this works whichever host serves the request); a run not yet executing
    /// never starts its agent. The run ends <c>cancelled</c> after finalize. Repeating the request is harmless.
    /// </summary>
    public async Task<RunView> CancelAsync(Caller caller, Guid companyId, Guid runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        caller.EnsureCompany(companyId);
        DateTimeOffset now = time.GetUtcNow();
        Run run = await RunUpdates.ApplyAsync(runs, companyId, runId, r => r.IsTerminal || r.CancelRequestedAt is not null ? r : r with { CancelRequestedAt = now, UpdatedAt = now }, cancellationToken).ConfigureAwait(false);
        if (run.IsTerminal)
        {
            throw PaperclipException.Conflict(ErrorCodes.RunNotCancellable, $"The run already ended ({PaperclipJson.EnumValue(run.Status)}).");
        }

        await audit.RecordAsync(caller, companyId, "run.cancel_requested", "run", runId, cancellationToken).ConfigureAwait(false);
        return RunView.From(run, await operations.ListForRunAsync(companyId, runId, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Reads a slice of a run's log.</summary>
    public async Task<RunLogSlice> ReadLogAsync(Caller caller, Guid companyId, Guid runId, long offset, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        caller.EnsureCompany(companyId);

        // Status first: if the run is terminal now, the log read after it is complete.
        Run run = (await runs.GetAsync(companyId, runId, cancellationToken).ConfigureAwait(false) ?? throw PaperclipException.NotFound("Run")).Value;
        (byte[] data, long length) = await logs.ReadAsync(companyId, runId, offset, maxBytes, cancellationToken).ConfigureAwait(false);
        long next = offset + data.Length;
        return new RunLogSlice(runId, run.Status, offset, next, length, run.IsTerminal && next >= length, data);
    }

    /// <summary><c>GET …/runs?agentId=&amp;issueId=&amp;status=&amp;limit=</c>: the company's runs, newest first.</summary>
    public async Task<IReadOnlyList<Run>> ListAsync(Caller caller, Guid companyId, RunQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        caller.EnsureCompany(companyId);
        return [.. (await runs.ListAsync(companyId, query, cancellationToken).ConfigureAwait(false)).Take(query.Limit)];
    }

    /// <summary>The orchestration input of a run.</summary>
    public static RunRequest ToRequest(Run run) =>
        new(run.Id, run.CompanyId, run.AgentId, run.IssueId, run.ExecutionWorkspaceId)
        {
            MaxConcurrentRuns = run.MaxConcurrentRuns,
        };

    async Task<Issue> PickIssueAsync(Guid companyId, Agent agent, Guid? issueId, CancellationToken cancellationToken)
    {
        if (issueId is { } id)
        {
            Versioned<Issue> found = await issues.GetAsync(companyId, id, cancellationToken).ConfigureAwait(false)
                ?? throw PaperclipException.Validation("issueId", "does not name an issue of this company.");
            return found.Value;
        }

        IReadOnlyList<Issue> assigned = await issues.ListAsync(companyId, null, agent.Id, cancellationToken).ConfigureAwait(false);
        return assigned.Where(i => RunnableStatuses.Contains(i.Status))
            .OrderBy(i => Array.IndexOf(RunnableStatuses, i.Status)).ThenBy(i => i.IssueNumber)
            .FirstOrDefault()
            ?? throw PaperclipException.Unprocessable(ErrorCodes.NoIssueToRun, "The agent has no open assigned issue; pass issueId.");
    }
}
