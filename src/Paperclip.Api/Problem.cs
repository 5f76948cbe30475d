using System.Text.Json.Serialization;

namespace Paperclip.Api;

/// <summary>An RFC 7807 problem document with our stable <c>code</c> and, for validation, <c>errors</c> by field.</summary>
public sealed record Problem(
    string Type,
    string Title,
    int Status,
    string Detail,
    string Code,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string[]>? Errors,
    string? TraceId)
{
    /// <summary>Extra members (for example the ids a client needs to retry), written at the top level.</summary>
    [JsonExtensionData]
    public IDictionary<string, object?>? Extensions { get; init; }

    /// <summary>The problem type URI of a code.</summary>
    public static string TypeOf(string code) => "urn:paperclip:problem:" + code;
}
