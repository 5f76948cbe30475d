using Paperclip.Core.Validation;

namespace Paperclip.Core.Services.Interactions;

/// <summary>The body of accept (<c>selectedClientKeys</c>, <c>selectedOptionIds</c>) or reject (<c>reason</c>); all optional.</summary>
public sealed record ResolveInteractionCommand(IReadOnlyList<string>? SelectedClientKeys, IReadOnlyList<string>? SelectedOptionIds, string? Reason)
{
    /// <summary>Parses an accept body (an empty body is allowed).</summary>
    public static ResolveInteractionCommand ParseAccept(RequestBody? body)
    {
        if (body is null)
        {
            return new ResolveInteractionCommand(null, null, null);
        }

        IReadOnlyList<string>? keys = body.StringArray("selectedClientKeys", required: false, maxItems: InteractionPayloads.MaxItems, maxLength: 100);
        IReadOnlyList<string>? options = body.StringArray("selectedOptionIds", required: false, maxItems: InteractionPayloads.MaxItems, maxLength: 100);
        body.ThrowIfInvalid();
        return new ResolveInteractionCommand(keys, options, null);
    }

    /// <summary>Parses a reject body (an empty body is allowed).</summary>
    public static ResolveInteractionCommand ParseReject(RequestBody? body)
    {
        if (body is null)
        {
            return new ResolveInteractionCommand(null, null, null);
        }

        string? reason = body.Text("reason", required: false, maxLength: 2000, minLength: 0);
        body.ThrowIfInvalid();
        return new ResolveInteractionCommand(null, null, string.IsNullOrWhiteSpace(reason) ? null : reason);
    }
}
