using Paperclip.Core.Domain;
using Paperclip.Core.Validation;

namespace Paperclip.Core.Services.Agents;

/// <summary><c>POST …/agents</c>: a name and the adapter to run it with.</summary>
public sealed record CreateAgentCommand(string Name, string AdapterType, ProcessAdapterConfig AdapterConfig)
{
    /// <summary>The heartbeat policy from <c>runtimeConfig.heartbeat</c>.</summary>
    public HeartbeatPolicy Heartbeat { get; init; } = HeartbeatPolicy.Default;

    /// <summary>The default environment (null: local-only).</summary>
    public string? DefaultEnvironmentId { get; init; }

    /// <summary>Adapter types this build can run.</summary>
    public static IReadOnlyList<string> SupportedAdapterTypes { get; } = ["process"];

    /// <summary>Parses and validates the body.</summary>
    public static CreateAgentCommand Parse(RequestBody body)
    {
        string? name = body.Text("name", required: true, maxLength: 200);
        string? adapterType = body.Text("adapterType", required: true, maxLength: 64);
        if (adapterType is not null && !SupportedAdapterTypes.Contains(adapterType))
        {
            body.Fail("adapterType", $"must be one of: {string.Join(", ", SupportedAdapterTypes)}.");
        }

        ProcessAdapterConfig? config = ParseProcessConfig(body.Nested("adapterConfig", required: true));
        HeartbeatPolicy heartbeat = RuntimeConfigParser.Parse(body.Nested("runtimeConfig", required: false), HeartbeatPolicy.Default);
        string? environment = body.Text("defaultEnvironmentId", required: false, maxLength: 100);
        body.ThrowIfInvalid();
        return new CreateAgentCommand(name!, adapterType!, config!) { Heartbeat = heartbeat, DefaultEnvironmentId = environment };
    }

    static ProcessAdapterConfig? ParseProcessConfig(RequestBody? config)
    {
        if (config is null)
        {
            return null;
        }

        string? command = config.Text("command", required: true, maxLength: 1024);
        IReadOnlyList<string> args = config.StringArray("args", required: false, maxItems: 256, maxLength: 8192) ?? [];
        int? timeoutSec = config.Number("timeoutSec", required: false, min: 1, max: 7 * 24 * 3600);
        IReadOnlyDictionary<string, string>? env = ParseEnv(config);
        return command is null ? null : new ProcessAdapterConfig(command, args, timeoutSec) { Env = env };
    }

    /// <summary>Most variables in <c>adapterConfig.env</c>.</summary>
    public const int MaxEnv = 100;

    /// <summary>
    /// <c>adapterConfig.env</c> as upstream: each value a string or <c>{type: "plain", value}</c>. Names are shell
    /// identifiers and never <c>PAPERCLIP_*</c> (the run's context). <c>{type: "secret_ref"}</c> needs the secrets store.
    /// </summary>
    static Dictionary<string, string>? ParseEnv(RequestBody config)
    {
        if (config.RawObject("env", required: false, maxBytes: 256 * 1024) is not { } env)
        {
            return null;
        }

        Dictionary<string, string> values = new(StringComparer.Ordinal);
        foreach (System.Text.Json.JsonProperty entry in env.EnumerateObject())
        {
            string path = $"env.{entry.Name}";
            if (!IsVariableName(entry.Name) || entry.Name.StartsWith("PAPERCLIP_", StringComparison.OrdinalIgnoreCase))
            {
                config.Fail(path, "must be a variable name (letters, digits, underscore; not starting with a digit) outside PAPERCLIP_*.");
                continue;
            }

            System.Text.Json.JsonElement value = entry.Value;
            string? text = value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString()
                : value.ValueKind == System.Text.Json.JsonValueKind.Object && value.TryGetProperty("type", out System.Text.Json.JsonElement type) && type.GetString() == "plain"
                    && value.TryGetProperty("value", out System.Text.Json.JsonElement plain) && plain.ValueKind == System.Text.Json.JsonValueKind.String ? plain.GetString()
                : null;
            if (text is null)
            {
                config.Fail(path, value.ValueKind == System.Text.Json.JsonValueKind.Object && value.TryGetProperty("type", out System.Text.Json.JsonElement t) && t.GetString() == "secret_ref"
                    ? "secret references need the company secrets store, which this build does not have yet."
                    : "must be a string or {\"type\": \"plain\", \"value\": string}.");
                continue;
            }

            if (text.Contains('\0', StringComparison.Ordinal))
            {
                config.Fail(path, "must not contain NUL characters.");
                continue;
            }

            values[entry.Name] = text;
        }

        if (values.Count > MaxEnv)
        {
            config.Fail("env", $"must have at most {MaxEnv} variables.");
        }

        return values;
    }

    static bool IsVariableName(string name) =>
        name.Length is > 0 and <= 128 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
