namespace Paperclip.Api;

/// <summary>
/// One HTTP endpoint of the API: method, template under <c>/api/</c>, a stable name and a summary, and its contract —
/// the query parameters it accepts, the parser of its body, the type of its answer and the status it answers with.
/// The handlers read queries and bodies through these, and the OpenAPI document is generated from them.
/// </summary>
public sealed record ApiRoute(string Method, string Template, string Name, string Summary, bool Anonymous = false)
{
    /// <summary>The full path template, e.g. <c>/api/companies/{companyId}</c>.</summary>
    public string Path => "/api/" + this.Template;

    /// <summary>The status of a success.</summary>
    public int Status { get; init; } = 200;

    /// <summary>Another success status the route may answer with (the same body type).</summary>
    public int? AlternateStatus { get; init; }

    /// <summary>The type of the success body, serialized in the API's JSON shape (null: not JSON, see <see cref="Produces"/>).</summary>
    public Type? Response { get; init; }

    /// <summary>Properties added to <see cref="Response"/>'s (a view that extends a record with a few fields).</summary>
    public Type? ResponseExtension { get; init; }

    /// <summary>The media type of a success body that is not JSON (a text stream).</summary>
    public string? Produces { get; init; }

    /// <summary>The query parameters the route accepts; any other is 400.</summary>
    public IReadOnlyList<QueryParameter> Query { get; init; } = [];

    /// <summary>How the body is read, or null for a route that takes none.</summary>
    public BodyReader? Body { get; init; }

    /// <summary>The largest body the route reads, in bytes (413 beyond it).</summary>
    public int MaxBodyBytes { get; init; } = Core.Validation.RequestBody.MaxBodyBytes;

    /// <summary>True for routes only the board may call (an agent key gets 403).</summary>
    public bool BoardOnly { get; init; }

    /// <summary>Problems particular to the route (status and stable code), beside those every route may answer.</summary>
    public IReadOnlyList<(int Status, string Code)> Problems { get; init; } = [];
}
