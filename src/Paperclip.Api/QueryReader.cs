using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Paperclip.Core;
using Paperclip.Core.Errors;

namespace Paperclip.Api;

/// <summary>
/// A request's query parameters, read by the route's declared <see cref="ApiRoute.Query"/>: each parsed by its kind
/// and bounds, and any name the route does not declare refused, before the handler runs. Handlers then only take
/// values; asking for a parameter the route does not declare (or as another kind) is a programming error.
/// </summary>
internal sealed class QueryReader
{
    readonly ApiRoute route;
    readonly Dictionary<string, string> values = new(StringComparer.Ordinal);

    /// <summary>Reads and checks <paramref name="query"/>; 400 validation_failed with every problem by parameter.</summary>
    public QueryReader(IQueryCollection query, ApiRoute route)
    {
        this.route = route;
        Dictionary<string, string[]> errors = new(StringComparer.Ordinal);
        foreach ((string name, StringValues given) in query)
        {
            QueryParameter? declared = route.Query.FirstOrDefault(p => p.Name == name);
            if (declared is null)
            {
                errors[name] = ["is not a known query parameter."];
            }
            else if (given.Count > 1)
            {
                errors[name] = ["must be given once."];
            }
            else if (Check(declared, given.ToString()) is { } problem)
            {
                errors[name] = [problem];
            }
            else
            {
                this.values[name] = given.ToString();
            }
        }

        if (errors.Count > 0)
        {
            throw PaperclipException.Validation(errors);
        }
    }

    /// <summary>An id parameter's value.</summary>
    public Guid? Id(string name) => this.Value(name, QueryKind.Id) is { } text ? Guid.Parse(text) : null;

    /// <summary>A number parameter's value.</summary>
    public int? Number(string name) => (int?)this.Number64(name);

    /// <summary>A number parameter's value.</summary>
    public long? Number64(string name) => this.Value(name, QueryKind.Number) is { } text ? long.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>A flag parameter's value.</summary>
    public bool? Flag(string name) => this.Value(name, QueryKind.Flag) is { } text ? text is "true" or "1" : null;

    /// <summary>An enum parameter's value.</summary>
    public T? Enum<T>(string name)
        where T : struct, System.Enum => this.Value(name, QueryKind.Choice) is { } text ? PaperclipJson.ParseEnum<T>(text) : null;

    /// <summary>A choice parameter's value, as the route lists it.</summary>
    public string? Choice(string name)
    {
        string? text = this.Value(name, QueryKind.Choice);
        return text is null ? null : this.Declared(name).Values.First(v => string.Equals(v, text, StringComparison.OrdinalIgnoreCase));
    }

    string? Value(string name, QueryKind kind)
    {
        QueryParameter declared = this.Declared(name);
        if (declared.Kind != kind)
        {
            throw new InvalidOperationException($"Route {this.route.Name} declares query parameter '{name}' as {declared.Kind}, not {kind}.");
        }

        return this.values.GetValueOrDefault(name);
    }

    QueryParameter Declared(string name) =>
        this.route.Query.FirstOrDefault(p => p.Name == name)
        ?? throw new InvalidOperationException($"Route {this.route.Name} does not declare query parameter '{name}'.");

    static string? Check(QueryParameter declared, string value) => declared.Kind switch
    {
        QueryKind.Id => Guid.TryParse(value, out Guid id) && id != Guid.Empty ? null : "must be an id (a UUID).",
        QueryKind.Number => long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long n) && n >= declared.Min && n <= declared.Max
            ? null
            : $"must be an integer between {declared.Min} and {declared.Max}.",
        QueryKind.Flag => value is "true" or "false" or "1" or "0" ? null : "must be true or false.",
        _ => declared.Values.Any(v => string.Equals(v, value, declared.IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            ? null
            : $"must be one of: {string.Join(", ", declared.Values)}.",
    };
}
