using Paperclip.Core.Auth;
using Paperclip.Core.Domain;
using Paperclip.Core.Errors;
using Paperclip.Core.Policies;
using Paperclip.Core.Ports;

namespace Paperclip.Core.Services.Issues;

/// <summary>
/// <c>GET …/issues/{id}/heartbeat-context</c> as upstream shapes it (research §3.4) — the issue, its ancestors, its
/// project, the comment cursor and the waking comment — plus what this control plane's gates know: the blockers and
/// the issue's readiness, its workspace's finalize barrier, and whether a pending confirmation waits for it.
/// </summary>
public sealed class HeartbeatContextService(
    IIssueRepository issues,
    IProjectRepository projects,
    IIssueCommentRepository comments,
    IInteractionRepository interactions,
    IWorkspaceOperationRepository operations,
    DependencyService dependencies)
{
    const int MaxAncestors = 50;

    /// <summary>Builds the context; <paramref name="wakeCommentId"/> is returned in full when it is a comment of this issue.</summary>
    public async Task<HeartbeatContext> GetAsync(Caller caller, Guid companyId, Guid issueId, Guid? wakeCommentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        caller.EnsureCompany(companyId);
        Dictionary<Guid, Issue> all = (await issues.ListAsync(companyId, null, null, cancellationToken).ConfigureAwait(false)).ToDictionary(i => i.Id);
        Issue issue = all.GetValueOrDefault(issueId) ?? throw new PaperclipException(404, ErrorCodes.NotFound, "Not found", "Issue not found");

        Task<Project?> project = issue.ProjectId is { } pid ? projects.GetAsync(companyId, pid, cancellationToken) : Task.FromResult<Project?>(null);
        Task<IReadOnlyList<IssueComment>> thread = comments.ListAsync(companyId, issueId, cancellationToken);
        Task<IReadOnlyList<Interaction>> cards = interactions.ListForIssueAsync(companyId, issueId, cancellationToken);
        Task<IReadOnlyList<WorkspaceOperation>> ledger = operations.ListForWorkspacesAsync(companyId, [issue.ExecutionWorkspaceId], cancellationToken);
        Task<IReadOnlyDictionary<Guid, DependencyReadiness>> readiness = dependencies.GetReadinessAsync(companyId, [issue], cancellationToken);
        await Task.WhenAll(project, thread, cards, ledger, readiness).ConfigureAwait(false);

        List<IssueRef> ancestors = [];
        HashSet<Guid> seen = [issue.Id];
        for (Issue? parent = issue.ParentId is { } p ? all.GetValueOrDefault(p) : null; parent is not null && ancestors.Count < MaxAncestors && seen.Add(parent.Id);
             parent = parent.ParentId is { } next ? all.GetValueOrDefault(next) : null)
        {
            ancestors.Add(IssueRef.Of(parent));
        }

        IReadOnlyList<IssueComment> said = thread.Result;
        IssueComment? latest = said.Count == 0 ? null : said[^1];
        bool finalized = FinalizeBarrier.IsFinalized(ledger.Result);
        bool confirmationWaits = cards.Result.Any(c => c.Status == InteractionStatus.Pending && c.Kind is InteractionKind.RequestConfirmation or InteractionKind.RequestCheckboxConfirmation
            && !FinalizeBarrier.CardMayBeAccepted(c.SourceRunId, ledger.Result));
        return new HeartbeatContext(
            issue,
            ancestors,
            project.Result is { } found ? new ProjectRef(found.Id, found.Name) : null,
            new CommentCursor(said.Count, latest?.Id, latest?.CreatedAt),
            wakeCommentId is { } wake ? said.FirstOrDefault(c => c.Id == wake) : null)
        {
            Blockers = [.. issue.BlockedByIssueIds.Select(id => all.GetValueOrDefault(id)).OfType<Issue>().Select(IssueRef.Of)],
            Readiness = readiness.Result[issue.Id],
            WorkspaceFinalized = finalized,
            ConfirmationAwaitsFinalize = confirmationWaits,
        };
    }
}

/// <summary>The context an agent reads at the start of its heartbeat.</summary>
/// <param name="Issue">The issue.</param>
/// <param name="Ancestors">Its parent, grandparent, … up to the root (at most 50).</param>
/// <param name="Project">Its project, or null.</param>
/// <param name="CommentCursor">How many comments, and the latest (compare with what you have read).</param>
/// <param name="WakeComment">The comment that woke the run, when <c>wakeCommentId</c> names one of this issue.</param>
public sealed record HeartbeatContext(Issue Issue, IReadOnlyList<IssueRef> Ancestors, ProjectRef? Project, CommentCursor CommentCursor, IssueComment? WakeComment)
{
    /// <summary>Upstream's goal (none here).</summary>
    public object? Goal { get; init; }

    /// <summary>The issues blocking this one.</summary>
    public IReadOnlyList<IssueRef> Blockers { get; init; } = [];

    /// <summary>Its dependency readiness (a done blocker whose workspace has not finalized is still unresolved).</summary>
    public DependencyReadiness? Readiness { get; init; }

    /// <summary>Its execution workspace's finalize barrier is up.</summary>
    public bool WorkspaceFinalized { get; init; }

    /// <summary>A pending confirmation on it cannot be accepted until its workspace finalizes.</summary>
    public bool ConfirmationAwaitsFinalize { get; init; }
}

/// <summary>An issue in brief.</summary>
/// <param name="Id">The issue.</param>
/// <param name="Identifier">Its identifier.</param>
/// <param name="Title">Its title.</param>
/// <param name="Status">Its status.</param>
public sealed record IssueRef(Guid Id, string Identifier, string Title, IssueStatus Status)
{
    /// <summary>Upstream's priority (none here).</summary>
    public string? Priority { get; init; }

    /// <summary>The brief of an issue.</summary>
    public static IssueRef Of(Issue issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        return new(issue.Id, issue.Identifier, issue.Title, issue.Status);
    }
}

/// <summary>A project in brief.</summary>
/// <param name="Id">The project.</param>
/// <param name="Name">Its name.</param>
public sealed record ProjectRef(Guid Id, string Name);

/// <summary>Upstream's comment cursor.</summary>
/// <param name="TotalComments">How many comments the issue has.</param>
/// <param name="LatestCommentId">The newest, if any.</param>
/// <param name="LatestCommentAt">When it was posted.</param>
public sealed record CommentCursor(int TotalComments, Guid? LatestCommentId, DateTimeOffset? LatestCommentAt);
