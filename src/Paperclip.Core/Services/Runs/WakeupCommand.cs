using Paperclip.Core.Validation;

namespace Paperclip.Core.Services.Runs;

/// <summary>
/// <c>POST …/agents/{id}/wakeup</c>: which issue (default: the agent's oldest open assigned issue), why, and an optional
/// idempotency key (a repeated request with the same key gets the same run).
/// </summary>
public sealed record WakeupCommand(Guid? IssueId, string Reason, string? IdempotencyKey = null)
{
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
        body.ThrowIfInvalid();
        return new WakeupCommand(issueId, reason ?? DefaultReason, idempotencyKey);
    }
}
