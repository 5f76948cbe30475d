using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Paperclip.Core.Validation;

namespace Paperclip.Core.Secrets;

/// <summary>
/// A provider's vault settings, strict as upstream's schemas: a key the provider does not know is refused, each value
/// is checked and stored normalised (text trimmed, blank or null dropped, an address as its origin). Credential-shaped
/// keys never reach a schema: <see cref="VaultConfigPolicy"/> refuses them for every provider first.
/// </summary>
public sealed class VaultConfigSchema
{
    readonly string provider;
    readonly IReadOnlyList<VaultSetting> settings;

    /// <summary>The schema of <paramref name="provider"/>'s vaults.</summary>
    public VaultConfigSchema(string provider, params IReadOnlyList<VaultSetting> settings)
    {
        this.provider = provider;
        this.settings = settings;
    }

    /// <summary>The problems of one setting's value: null when this schema has no such setting, empty when the value is fine.</summary>
    public IReadOnlyList<string>? ProblemsOf(string name, JsonElement value)
    {
        if (this.settings.FirstOrDefault(s => s.Name == name) is not { } setting)
        {
            return null;
        }

        List<string> problems = [];
        if (value.ValueKind == JsonValueKind.Null)
        {
            return setting.RequiredMessage is { } required ? [required] : problems;
        }

        _ = setting.Read(value, problems.Add);
        return problems;
    }

    /// <summary>Checks <paramref name="config"/>, reporting each problem (path, message); returns the normalised config.</summary>
    public JsonElement Validate(JsonElement config, Action<string, string> fail)
    {
        ArgumentNullException.ThrowIfNull(fail);
        JsonObject normalized = [];
        HashSet<string> seen = new(StringComparer.Ordinal);
        if (config.ValueKind != JsonValueKind.Object)
        {
            fail("config", "must be an object.");
            return config;
        }

        foreach (JsonProperty property in config.EnumerateObject())
        {
            string path = $"config.{property.Name}";
            if (this.settings.FirstOrDefault(s => s.Name == property.Name) is not { } setting)
            {
                fail(path, this.settings.Count == 0
                    ? $"{this.provider} vaults have no settings."
                    : $"is not a setting of {this.provider} vaults ({string.Join(", ", this.settings.Select(s => s.Name))}).");
                continue;
            }

            if (property.Value.ValueKind != JsonValueKind.Null && setting.Read(property.Value, message => fail(path, message)) is { } value)
            {
                normalized[setting.Name] = value;
                seen.Add(setting.Name);
            }
            else if (property.Value.ValueKind == JsonValueKind.Null && setting.RequiredMessage is { } required)
            {
                fail(path, required);
                seen.Add(setting.Name);
            }
        }

        foreach (VaultSetting setting in this.settings.Where(s => s.RequiredMessage is not null && !seen.Contains(s.Name)))
        {
            fail($"config.{setting.Name}", setting.RequiredMessage!);
        }

        return JsonSerializer.SerializeToElement(normalized);
    }
}

/// <summary>
/// One vault setting: its name and how a value is read. <see cref="Read"/> returns the normalised value, or null when
/// the value is blank (dropped) or invalid (reported through the callback).
/// </summary>
public sealed record VaultSetting(string Name, Func<JsonElement, Action<string>, JsonNode?> Read)
{
    /// <summary>When set, the setting must be present, and this is the message when it is not.</summary>
    public string? RequiredMessage { get; init; }

    /// <summary>This setting, required.</summary>
    public VaultSetting Required(string message) => this with { RequiredMessage = message };

    /// <summary>A string of at most <paramref name="maxLength"/> characters once trimmed; blank means absent.</summary>
    public static VaultSetting Text(string name, int maxLength = 160) => new(name, (value, fail) => TrimmedString(value, fail) switch
    {
        null or "" => null,
        { Length: var length } when length > maxLength => Fail(fail, $"must be a string of at most {maxLength} characters."),
        var text => JsonValue.Create(text),
    });

    /// <summary>A trimmed string matching <paramref name="pattern"/>, else <paramref name="message"/>.</summary>
    public static VaultSetting Matching(string name, Regex pattern, string message) => new(name, (value, fail) =>
        TrimmedString(value, fail) is { } text ? pattern.IsMatch(text) ? JsonValue.Create(text) : Fail(fail, message) : null);

    /// <summary>A GUID (a tenant or client id), stored in its canonical form.</summary>
    public static VaultSetting Identifier(string name) => new(name, (value, fail) =>
        TrimmedString(value, fail) is { } text ? Guid.TryParse(text, out Guid id) ? JsonValue.Create(id.ToString("D")) : Fail(fail, "must be a GUID.") : null);

    /// <summary>true or false.</summary>
    public static VaultSetting Flag(string name) => new(name, (value, fail) =>
        value.ValueKind is JsonValueKind.True or JsonValueKind.False ? JsonValue.Create(value.GetBoolean()) : Fail(fail, "must be true or false."));

    /// <summary>An origin-only URL (see <see cref="OriginUrl"/>), stored as the origin; anything else is <paramref name="message"/>.</summary>
    public static VaultSetting Origin(string name, bool httpsOnly, string message) => new(name, (value, fail) =>
        value.ValueKind == JsonValueKind.String && OriginUrl.Normalize(value.GetString(), httpsOnly) is { } origin ? JsonValue.Create(origin) : Fail(fail, message));

    static string? TrimmedString(JsonElement value, Action<string> fail)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            fail("must be a string.");
            return null;
        }

        return value.GetString()!.Trim();
    }

    static JsonNode? Fail(Action<string> fail, string message)
    {
        fail(message);
        return null;
    }
}
