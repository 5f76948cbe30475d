using System.Text.Json;
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

    /// <summary>Parses a <c>process</c> adapter config (create, and PATCH which replaces it whole).</summary>
    internal static ProcessAdapterConfig? ParseProcessConfig(RequestBody? config)
    {
        if (config is null)
        {
            return null;
        }

        string? command = config.Text("command", required: true, maxLength: 1024);
        IReadOnlyList<string> args = config.StringArray("args", required: false, maxItems: 256, maxLength: 8192) ?? [];
        int? timeoutSec = config.Number("timeoutSec", required: false, min: 1, max: 7 * 24 * 3600);
        int? graceSec = config.Number("graceSec", required: false, min: 0, max: 3600);
        IReadOnlyDictionary<string, EnvBinding>? env = ParseEnv(config);
        return command is null ? null : new ProcessAdapterConfig(command, args, timeoutSec) { Env = env, GraceSec = graceSec };
    }

    /// <summary>Most variables in <c>adapterConfig.env</c>.</summary>
    public const int MaxEnv = 100;

    /// <summary>
    /// <c>adapterConfig.env</c> as upstream: each value a string, <c>{type: "plain", value}</c> or
    /// <c>{type: "secret_ref", secretId, version?}</c> (a positive version or "latest"). Names are shell identifiers and
    /// never <c>PAPERCLIP_*</c> (the run's context). Whether a referenced secret exists is the agent service's check.
    /// </summary>
    static Dictionary<string, EnvBinding>? ParseEnv(RequestBody config)
    {
        if (config.RawObject("env", required: false, maxBytes: 256 * 1024) is not { } env)
        {
            return null;
        }

        Dictionary<string, EnvBinding> values = new(StringComparer.Ordinal);
        foreach (JsonProperty entry in env.EnumerateObject())
        {
            string path = $"env.{entry.Name}";
            if (!IsVariableName(entry.Name) || entry.Name.StartsWith("PAPERCLIP_", StringComparison.OrdinalIgnoreCase))
            {
                config.Fail(path, "must be a variable name (letters, digits, underscore; not starting with a digit) outside PAPERCLIP_*.");
                continue;
            }

            if (ParseEnvValue(entry.Value) is not { } binding)
            {
                config.Fail(path, "must be a string, {\"type\": \"plain\", \"value\": string} or {\"type\": \"secret_ref\", \"secretId\": uuid, \"version\"?: number | \"latest\"}.");
                continue;
            }

            if (binding.Value?.Contains('\0', StringComparison.Ordinal) == true)
            {
                config.Fail(path, "must not contain NUL characters.");
                continue;
            }

            if (binding.Value == RedactedPlaceholder)
            {
                config.Fail(path, $"Refusing to persist redacted placeholder for key: {entry.Name}");
                continue;
            }

            values[entry.Name] = binding;
        }

        if (values.Count > MaxEnv)
        {
            config.Fail("env", $"must have at most {MaxEnv} variables.");
        }

        return values;
    }

    /// <summary>The placeholder a redacted config shows; saving it back would replace a value with the placeholder.</summary>
    const string RedactedPlaceholder = "***REDACTED***";

    static EnvBinding? ParseEnvValue(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return EnvBinding.Plain(value.GetString()!);
        }

        if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty("type", out JsonElement type))
        {
            return null;
        }

        switch (type.GetString())
        {
            case EnvBinding.PlainType:
                return value.TryGetProperty("value", out JsonElement plain) && plain.ValueKind == JsonValueKind.String ? EnvBinding.Plain(plain.GetString()!) : null;
            case EnvBinding.SecretRefType:
                if (!value.TryGetProperty("secretId", out JsonElement id) || id.ValueKind != JsonValueKind.String || !Guid.TryParse(id.GetString(), out Guid secretId))
                {
                    return null;
                }

                if (!value.TryGetProperty("version", out JsonElement version) || version.ValueKind == JsonValueKind.Null
                    || (version.ValueKind == JsonValueKind.String && version.GetString() == "latest"))
                {
                    return EnvBinding.SecretRef(secretId, null);
                }

                return version.ValueKind == JsonValueKind.Number && version.TryGetInt32(out int pinned) && pinned > 0 ? EnvBinding.SecretRef(secretId, pinned) : null;
            default:
                return null;
        }
    }

    static bool IsVariableName(string name) =>
        name.Length is > 0 and <= 128 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
