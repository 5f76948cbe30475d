using System.Text.Json.Nodes;
using Paperclip.Core;

namespace Paperclip.Api;

/// <summary>The kinds of query parameter the API reads.</summary>
public enum QueryKind
{
    /// <summary>An id (a UUID).</summary>
    Id,

    /// <summary>An integer within bounds.</summary>
    Number,

    /// <summary><c>true</c>/<c>false</c> (or <c>1</c>/<c>0</c>).</summary>
    Flag,

    /// <summary>One of a fixed set of values.</summary>
    Choice,
}

/// <summary>
/// One query parameter of a route: its name, kind and bounds. The route's list is both what the server's <c>QueryReader</c>
/// accepts (anything else is 400) and what the OpenAPI document says, so the two cannot differ.
/// </summary>
public sealed record QueryParameter(string Name, QueryKind Kind, string Description)
{
    /// <summary>The smallest accepted number.</summary>
    public long Min { get; init; }

    /// <summary>The largest accepted number.</summary>
    public long Max { get; init; }

    /// <summary>The accepted values of a choice.</summary>
    public IReadOnlyList<string> Values { get; init; } = [];

    /// <summary>True when a choice matches without regard to case (upstream's <c>order</c>).</summary>
    public bool IgnoreCase { get; init; }

    /// <summary>An id parameter.</summary>
    public static QueryParameter Id(string name, string description) => new(name, QueryKind.Id, description);

    /// <summary>An integer parameter within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static QueryParameter Number(string name, long min, long max, string description) => new(name, QueryKind.Number, description) { Min = min, Max = max };

    /// <summary>A boolean parameter.</summary>
    public static QueryParameter Flag(string name, string description) => new(name, QueryKind.Flag, description);

    /// <summary>An enum parameter: its wire values.</summary>
    public static QueryParameter Enum<T>(string name, string description)
        where T : struct, System.Enum => new(name, QueryKind.Choice, description) { Values = PaperclipJson.EnumValues<T>() };

    /// <summary>A parameter with fixed values, matched without regard to case.</summary>
    public static QueryParameter Choice(string name, string description, params string[] values) =>
        new(name, QueryKind.Choice, description) { Values = values, IgnoreCase = true };

    /// <summary>The parameter's JSON schema.</summary>
    public JsonObject Schema() => this.Kind switch
    {
        QueryKind.Id => new JsonObject { ["type"] = "string", ["format"] = "uuid" },
        QueryKind.Number => new JsonObject { ["type"] = "integer", ["minimum"] = this.Min, ["maximum"] = this.Max },
        QueryKind.Flag => new JsonObject { ["type"] = "boolean" },
        _ => new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(this.Values.Select(v => (JsonNode?)v).ToArray()) },
    };
}
