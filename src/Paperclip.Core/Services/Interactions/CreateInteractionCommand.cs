using System.Text.Json;
using System.Text.Json.Nodes;
using Paperclip.Core.Domain;
using Paperclip.Core.Validation;

namespace Paperclip.Core.Services.Interactions;

/// <summary><c>POST …/issues/{id}/interactions</c>.</summary>
public sealed record CreateInteractionCommand(
    InteractionKind Kind,
    string ContinuationPolicy,
    string? IdempotencyKey,
    Guid? SourceRunId,
    string? Title,
    string? Summary,
    JsonElement Payload)
{
    /// <summary>Continuation policies upstream accepts.</summary>
    public static IReadOnlyList<string> ContinuationPolicies { get; } = ["wake_assignee", "wake_assignee_on_accept"];

    /// <summary>Largest payload accepted, in bytes of JSON.</summary>
    public const int MaxPayloadBytes = 32 * 1024;

    /// <summary>Parses and validates the body, including the payload shape each kind needs, and applies upstream's payload defaults.</summary>
    public static CreateInteractionCommand Parse(RequestBody body)
    {
        InteractionKind? kind = body.Enum<InteractionKind>("kind", required: true);
        string policy = body.Text("continuationPolicy", required: false, maxLength: 64) ?? "wake_assignee";
        if (!ContinuationPolicies.Contains(policy))
        {
            body.Fail("continuationPolicy", $"must be one of: {string.Join(", ", ContinuationPolicies)}.");
        }

        string? key = body.Text("idempotencyKey", required: false, maxLength: 255);
        Guid? sourceRunId = body.Id("sourceRunId", required: false);
        string? title = body.Text("title", required: false, maxLength: 500);
        string? summary = body.Text("summary", required: false, maxLength: 10_000, minLength: 0);
        JsonElement? payload = body.RawObject("payload", required: kind is InteractionKind.SuggestTasks or InteractionKind.RequestCheckboxConfirmation, MaxPayloadBytes);
        JsonObject node = payload is { } p ? JsonNode.Parse(p.GetRawText())!.AsObject() : [];
        if (kind is { } k)
        {
            InteractionPayloads.Validate(k, node, body);
        }

        body.ThrowIfInvalid();
        InteractionPayloads.ApplyDefaults(kind!.Value, node);
        return new CreateInteractionCommand(kind.Value, policy, key, sourceRunId, title, summary, JsonSerializer.SerializeToElement(node));
    }
}
