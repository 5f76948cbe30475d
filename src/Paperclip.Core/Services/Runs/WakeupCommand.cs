using Paperclip.Core.Validation;

namespace Paperclip.Core.Services.Runs;

/// <summary>
/// <c>POST …/agents/{id}/wakeup</c>: which issue (default: the agent's oldest open assigned issue), why, and an optional
/// idempotency key (a repeated request with the same key gets the same run).
/// </summary>
public sealed record WakeupCommand(Guid? IssueId, string Reason, string? IdempotencyKey = null)
{
    /// <summary>Sources a caller may name; <c>timer</c> is the scheduler's own.</summary>
    public static IReadOnlyList<string> CallerSources { get; } = [WakeSources.OnDemand, WakeSources.Assignment, WakeSources.Automation];

    /// <summary>Why the wake happens, as upstream's invocation source (gates on the agent's heartbeat policy).</summary>
    public string Source { get; init; } = WakeSources.OnDemand;

    /// <summary>Set by the control plane when this wake retries a lost run.</summary>
    public Guid? RetryOfRunId { get; init; }

    /// <summary>Set when a deferred wake is promoted: that wake's record becomes the run's (no new record, no deferral).</summary>
    public Guid? PromotedWakeId { get; init; }

    /// <summary>The comment that caused the wake (a comment or mention wake): the run's <c>PAPERCLIP_WAKE_COMMENT_ID</c>.</summary>
    public Guid? CommentId { get; init; }

    /// <summary>The reason used when none is given.</summary>
    public const string DefaultReason = "on_demand";

    /// <summary>Parses and validates the body (an empty body is allowed).</summary>
    public static WakeupCommand Parse(RequestBody? body)
    {
        if (body is null)
        {
            return new WakeupCommand(null, DefaultReason);
        }

        Guid? issueId = body.Id("issueId", required: false);
        string? reason = body.Text("reason", required: false, maxLength: 200);
        string? idempotencyKey = body.Text("idempotencyKey", required: false, maxLength: 255);
        string? source = body.Text("source", required: false, maxLength: 32);
        if (source is not null && !CallerSources.Contains(source))
        {
            body.Fail("source", $"must be one of: {string.Join(", ", CallerSources)}.");
        }

        body.ThrowIfInvalid();
        return new WakeupCommand(issueId, reason ?? DefaultReason, idempotencyKey) { Source = source ?? WakeSources.OnDemand };
    }
}
