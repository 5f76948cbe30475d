using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Paperclip.Core;
using Paperclip.Core.Errors;

namespace Paperclip.Api;

/// <summary>Reads query parameters like <see cref="Core.Validation.RequestBody"/> reads bodies: typed, and unknown names rejected.</summary>
internal sealed class QueryReader(IQueryCollection query)
{
    readonly HashSet<string> known = new(StringComparer.Ordinal);
    readonly Dictionary<string, string[]> errors = new(StringComparer.Ordinal);

    public Guid? Id(string name)
    {
        string? value = this.Single(name);
        if (value is null)
        {
            return null;
        }

        if (Guid.TryParse(value, out Guid id) && id != Guid.Empty)
        {
            return id;
        }

        this.errors[name] = ["must be an id (a UUID)."];
        return null;
    }

    public int? Number(string name, int min, int max) => (int?)this.Number64(name, min, max);

    public long? Number64(string name, long min, long max)
    {
        string? value = this.Single(name);
        if (value is null)
        {
            return null;
        }

        if (long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long number) && number >= min && number <= max)
        {
            return number;
        }

        this.errors[name] = [$"must be an integer between {min} and {max}."];
        return null;
    }

    public bool? Flag(string name)
    {
        string? value = this.Single(name);
        switch (value)
        {
            case null:
                return null;
            case "true" or "1":
                return true;
            case "false" or "0":
                return false;
            default:
                this.errors[name] = ["must be true or false."];
                return null;
        }
    }

    public T? Enum<T>(string name)
        where T : struct, Enum
    {
        string? value = this.Single(name);
        if (value is null)
        {
            return null;
        }

        T? parsed = PaperclipJson.ParseEnum<T>(value);
        if (parsed is null)
        {
            this.errors[name] = [$"must be one of: {string.Join(", ", PaperclipJson.EnumValues<T>())}."];
        }

        return parsed;
    }

    /// <summary>One of <paramref name="choices"/>, matched without regard to case (returned as listed).</summary>
    public string? Choice(string name, params string[] choices)
    {
        string? value = this.Single(name);
        if (value is null)
        {
            return null;
        }

        string? match = choices.FirstOrDefault(c => string.Equals(c, value, StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            this.errors[name] = [$"must be one of: {string.Join(", ", choices)}."];
        }

        return match;
    }

    public void ThrowIfInvalid()
    {
        foreach (string key in query.Keys.Where(k => !this.known.Contains(k)))
        {
            this.errors[key] = ["is not a known query parameter."];
        }

        if (this.errors.Count > 0)
        {
            throw PaperclipException.Validation(this.errors);
        }
    }

    string? Single(string name)
    {
        this.known.Add(name);
        if (!query.TryGetValue(name, out StringValues values) || values.Count == 0)
        {
            return null;
        }

        if (values.Count > 1)
        {
            this.errors[name] = ["must be given once."];
            return null;
        }

        return values[0];
    }
}
