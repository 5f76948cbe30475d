using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Paperclip.Core.Auth;
using Paperclip.Core.Domain;
using Paperclip.Core.Errors;
using Paperclip.Core.Ports;
using Paperclip.Core.Services.Interactions;
using Paperclip.Core.Services.Runs;

namespace Paperclip.Core.Services.Comments;

/// <summary>Which comments to list (research §1.2): newest first unless <see cref="Ascending"/>; after a comment; at most a limit.</summary>
/// <param name="After">A comment of the issue: only those after it in the chosen order (none when it is not the issue's).</param>
/// <param name="Ascending">Oldest first.</param>
/// <param name="Limit">At most this many (capped at <see cref="MaxLimit"/>), or all.</param>
public sealed record CommentQuery(Guid? After, bool Ascending, int? Limit)
{
    /// <summary>Upstream's cap.</summary>
    public const int MaxLimit = 500;
}

/// <summary>
/// Issue comments with upstream's rules (research §1): the board or an agent of the company writes; an agent's comment
/// records the agent and its run; <c>reopen</c> moves a done or cancelled issue to <c>todo</c> (a board comment on
/// one reopens it implicitly, as upstream's current version); <c>interrupt</c> (the board only) cancels the issue's
/// running run. Then the wakes, through the ordinary wake path: the assignee with <c>issue_commented</c> (not for its
/// own comment, and not on an issue left closed), and agents mentioned as <c>[@Name](agent://id)</c> with
/// <c>issue_comment_mentioned</c>; one wake per agent.
/// </summary>
public sealed partial class CommentService(
    IIssueCommentRepository comments,
    IIssueRepository issues,
    IAgentRepository agents,
    IRunRepository runs,
    RunService runService,
    InteractionService interactions,
    Audit audit,
    ILogger<CommentService> logger,
    TimeProvider time)
{
    /// <summary>The assignee's wake for a comment.</summary>
    public const string CommentedReason = "issue_commented";

    /// <summary>The assignee's wake for a comment that reopened the issue.</summary>
    public const string ReopenedReason = "issue_reopened_via_comment";

    /// <summary>A mentioned agent's wake.</summary>
    public const string MentionedReason = "issue_comment_mentioned";

    /// <summary>Posts a comment; returns it (201).</summary>
    public async Task<IssueComment> CreateAsync(Caller caller, Guid companyId, Guid issueId, CreateCommentCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(command);
        caller.EnsureCompany(companyId);
        if (command.Interrupt && !caller.IsBoard)
        {
            throw new PaperclipException(403, ErrorCodes.Forbidden, "Forbidden", "Only board users can interrupt active runs from issue comments");
        }

        Issue issue = await this.LoadIssueAsync(companyId, issueId, cancellationToken).ConfigureAwait(false);
        DateTimeOffset now = time.GetUtcNow();

        // Reopen first (upstream: before the comment is inserted): explicitly, or a board comment on a closed issue an agent holds.
        bool reopen = issue.IsTerminal && (command.Reopen || (caller.IsBoard && caller.SystemName is null && issue.AssigneeAgentId is not null));
        IssueStatus before = issue.Status;
        if (reopen)
        {
            issue = await OptimisticUpdate.ApplyAsync(
                ct => issues.GetAsync(companyId, issueId, ct),
                i => i.IsTerminal ? i with { Status = IssueStatus.Todo, UpdatedAt = now } : i,
                (i, etag, ct) => issues.UpdateAsync(i, etag, ct),
                cancellationToken).ConfigureAwait(false) ?? issue;
            await audit.RecordAsync(caller, companyId, "issue.updated", "issue", issueId,
                new Dictionary<string, object?> { ["reopened"] = true, ["reopenedFrom"] = PaperclipJson.EnumValue(before), ["source"] = "comment" }, cancellationToken).ConfigureAwait(false);
        }

        Guid? runId = caller.IsBoard ? null : await this.RunOfAsync(caller, companyId, cancellationToken).ConfigureAwait(false);
        IssueComment comment = new(Guid.CreateVersion7(), companyId, issueId,
            caller.IsBoard ? null : caller.AgentId, caller.BoardUserId,
            caller.SystemName is not null ? CommentAuthorType.System : caller.IsBoard ? CommentAuthorType.User : CommentAuthorType.Agent,
            command.Body, now, now)
        {
            CreatedByRunId = runId,
        };
        await comments.CreateAsync(comment, cancellationToken).ConfigureAwait(false);

        // A person's answer in the thread supersedes the cards that asked before it (upstream).
        await interactions.SupersedeByCommentAsync(comment, cancellationToken).ConfigureAwait(false);

        Guid? interrupted = command.Interrupt ? await this.InterruptAsync(caller, issue, cancellationToken).ConfigureAwait(false) : null;
        await audit.RecordAsync(caller, companyId, "issue.comment_added", "issue", issueId, new Dictionary<string, object?>
        {
            ["commentId"] = comment.Id,
            ["bodySnippet"] = comment.Body.Length > 120 ? comment.Body[..120] : comment.Body,
            ["identifier"] = issue.Identifier,
            ["issueTitle"] = issue.Title,
            ["reopened"] = reopen,
            ["interrupt"] = command.Interrupt,
            ["interruptedRunId"] = interrupted,
            ["runId"] = runId,
        }, cancellationToken).ConfigureAwait(false);

        await this.WakeAsync(caller, issue, comment, reopen, cancellationToken).ConfigureAwait(false);
        return comment;
    }

    /// <summary><c>GET …/issues/{id}/comments</c> (research §1.2).</summary>
    public async Task<IReadOnlyList<IssueComment>> ListAsync(Caller caller, Guid companyId, Guid issueId, CommentQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(query);
        caller.EnsureCompany(companyId);
        await this.LoadIssueAsync(companyId, issueId, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<IssueComment> all = await comments.ListAsync(companyId, issueId, cancellationToken).ConfigureAwait(false);
        IEnumerable<IssueComment> ordered = query.Ascending ? all : all.Reverse();
        if (query.After is { } after)
        {
            // A cursor that is not a comment of this issue gives nothing, as upstream (not an error).
            int at = ordered.TakeWhile(c => c.Id != after).Count();
            ordered = at == all.Count ? [] : ordered.Skip(at + 1);
        }

        return [.. query.Limit is { } limit ? ordered.Take(Math.Min(limit, CommentQuery.MaxLimit)) : ordered];
    }

    /// <summary><c>GET …/issues/{id}/comments/{commentId}</c>.</summary>
    public async Task<IssueComment> GetAsync(Caller caller, Guid companyId, Guid issueId, Guid commentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        caller.EnsureCompany(companyId);
        await this.LoadIssueAsync(companyId, issueId, cancellationToken).ConfigureAwait(false);
        return await comments.GetAsync(companyId, issueId, commentId, cancellationToken).ConfigureAwait(false)
            ?? throw new PaperclipException(404, ErrorCodes.NotFound, "Not found", "Comment not found");
    }

    /// <summary>The agent ids a body mentions in upstream's structured form, <c>[@Name](agent://id)</c>.</summary>
    public static IReadOnlyList<Guid> MentionedAgentIds(string body) =>
        [.. Mention().Matches(body).Select(m => Guid.TryParse(m.Groups["id"].Value, out Guid id) ? id : Guid.Empty).Where(id => id != Guid.Empty).Distinct()];

    async Task<Issue> LoadIssueAsync(Guid companyId, Guid issueId, CancellationToken cancellationToken) =>
        (await issues.GetAsync(companyId, issueId, cancellationToken).ConfigureAwait(false))?.Value
            ?? throw new PaperclipException(404, ErrorCodes.NotFound, "Not found", "Issue not found");

    /// <summary>The run an agent's comment came from: its run, when that is a run of this agent in the company (else none, as upstream).</summary>
    async Task<Guid?> RunOfAsync(Caller caller, Guid companyId, CancellationToken cancellationToken) =>
        caller.RunId is { } id && (await runs.GetAsync(companyId, id, cancellationToken).ConfigureAwait(false))?.Value.AgentId == caller.AgentId ? id : null;

    /// <summary>Cancels the issue's running run (upstream: its execution run, else the assignee's run on it).</summary>
    async Task<Guid?> InterruptAsync(Caller caller, Issue issue, CancellationToken cancellationToken)
    {
        Run? running = (await runs.ListAsync(issue.CompanyId, new RunQuery(issue.Id, Status: RunStatus.Running), cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(r => issue.AssigneeAgentId is null || r.AgentId == issue.AssigneeAgentId);
        if (running is null)
        {
            return null;
        }

        try
        {
            await runService.CancelAsync(caller, issue.CompanyId, running.Id, cancellationToken).ConfigureAwait(false);
            return running.Id;
        }
        catch (PaperclipException ex) when (ex.Code == ErrorCodes.RunNotCancellable)
        {
            return null; // it ended meanwhile
        }
    }

    /// <summary>One wake per agent: the assignee's (unless it wrote the comment, or the issue stays closed), then the mentioned.</summary>
    async Task WakeAsync(Caller caller, Issue issue, IssueComment comment, bool reopened, CancellationToken cancellationToken)
    {
        Dictionary<Guid, string> wakes = [];
        if (issue.AssigneeAgentId is { } assignee && assignee != caller.AgentId && (!issue.IsTerminal || reopened))
        {
            wakes[assignee] = reopened ? ReopenedReason : CommentedReason;
        }

        foreach (Guid mentioned in MentionedAgentIds(comment.Body).Where(id => id != caller.AgentId && !wakes.ContainsKey(id)))
        {
            if (await agents.GetAsync(issue.CompanyId, mentioned, cancellationToken).ConfigureAwait(false) is not null)
            {
                wakes[mentioned] = MentionedReason;
            }
        }

        foreach ((Guid agentId, string reason) in wakes)
        {
            WakeupCommand wake = new(issue.Id, reason, $"{reason}:{comment.Id}:{agentId}") { Source = WakeSources.Automation, CommentId = comment.Id };
            (WakeupAccepted? accepted, string? declined) = await runService.TryWakeupAsync(issue.CompanyId, agentId, wake, cancellationToken).ConfigureAwait(false);
            if (accepted is null)
            {
                Log.CommentWakeDeclined(logger, comment.Id, agentId, declined!);
            }
        }
    }

    [GeneratedRegex(@"\[@[^\]]*\]\(agent://(?<id>[0-9a-fA-F-]{36})\)", RegexOptions.CultureInvariant)]
    private static partial Regex Mention();
}
