using System.Text.Json;

namespace Paperclip.Core.Services.Interactions;

/// <summary>A confirmation's <c>payload.target</c> naming an issue document revision: <c>{type: "issue_document", key, revisionId?, revisionNumber?}</c>.</summary>
public sealed record DocumentTarget(string Key, Guid? RevisionId, int? RevisionNumber)
{
    /// <summary>The document target of a payload, or null when it names none.</summary>
    public static DocumentTarget? Of(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object || !payload.TryGetProperty("target", out JsonElement target) || target.ValueKind != JsonValueKind.Object
            || !target.TryGetProperty("type", out JsonElement type) || type.GetString() != "issue_document"
            || !target.TryGetProperty("key", out JsonElement key) || key.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        Guid? revisionId = target.TryGetProperty("revisionId", out JsonElement r) && r.ValueKind == JsonValueKind.String && Guid.TryParse(r.GetString(), out Guid id) ? id : null;
        int? revisionNumber = target.TryGetProperty("revisionNumber", out JsonElement n) && n.ValueKind == JsonValueKind.Number && n.TryGetInt32(out int number) ? number : null;
        return new DocumentTarget(key.GetString()!.ToLowerInvariant(), revisionId, revisionNumber);
    }
}
