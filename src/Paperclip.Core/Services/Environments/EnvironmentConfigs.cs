using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Paperclip.Core.Domain.Environments;
using Paperclip.Core.Errors;
using Paperclip.Core.Secrets;

namespace Paperclip.Core.Services.Environments;

/// <summary>
/// Normalises an environment's config for its driver with upstream's rules and messages (§1.2 of the research): a
/// <c>local</c> config is any object; an <c>ssh</c> config is strict (unknown keys refused), <c>port</c> defaults to 22,
/// <c>strictHostKeyChecking</c> to true, an empty <c>knownHosts</c> becomes null. Beyond upstream, <c>host</c> and
/// <c>username</c> must match strict patterns, so neither can ever read as an option of a command (H-S3). A failure
/// is 422 <c>invalid_environment_config</c> whose detail is the first rule's message.
/// </summary>
public static partial class EnvironmentConfigs
{
    /// <summary>The stable code of a config that breaks a rule.</summary>
    public const string InvalidConfig = "invalid_environment_config";

    static readonly string[] SshKeys = ["host", "port", "username", "remoteWorkspacePath", "privateKey", "privateKeySecretRef", "knownHosts", "strictHostKeyChecking", "sourceShellProfiles"];

    /// <summary>
    /// Normalises <paramref name="config"/> for <paramref name="driver"/>. With <paramref name="acceptPrivateKey"/> (create,
    /// update, probe) a raw <c>privateKey</c> is taken out and returned; the normalised config never holds it.
    /// </summary>
    public static (JsonElement Config, SecretValue? PrivateKey) Normalize(EnvironmentDriver driver, JsonElement? config, bool acceptPrivateKey)
    {
        JsonElement source = config ?? JsonSerializer.SerializeToElement(new JsonObject());
        if (source.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(new() { ["config"] = ["Invalid environment config."] });
        }

        return driver == EnvironmentDriver.Local ? (source.Clone(), null) : NormalizeSsh(source, acceptPrivateKey);
    }

    static (JsonElement, SecretValue?) NormalizeSsh(JsonElement source, bool acceptPrivateKey)
    {
        Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);
        void Fail(string field, string message) =>
            (errors.TryGetValue($"config.{field}", out List<string>? list) ? list : errors[$"config.{field}"] = []).Add(message);

        foreach (JsonProperty property in source.EnumerateObject().Where(p => !SshKeys.Contains(p.Name, StringComparer.Ordinal)))
        {
            Fail(property.Name, $"Unrecognized key in SSH environment config: '{property.Name}'.");
        }

        string? host = Trimmed(source, "host");
        if (host is null)
        {
            Fail("host", "SSH environments require a host.");
        }
        else if (!HostPattern().IsMatch(host))
        {
            Fail("host", "SSH host must be a host name or an IP address (letters, digits, '.', '-' and ':'; not starting with '-').");
        }

        int port = 22;
        if (source.TryGetProperty("port", out JsonElement portValue) && portValue.ValueKind != JsonValueKind.Null)
        {
            bool parsed = portValue.ValueKind switch
            {
                JsonValueKind.Number => portValue.TryGetInt32(out port),
                JsonValueKind.String => int.TryParse(portValue.GetString()!.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out port),
                _ => false,
            };
            if (!parsed || port is < 1 or > 65535)
            {
                Fail("port", "SSH port must be an integer from 1 to 65535.");
            }
        }

        string? username = Trimmed(source, "username");
        if (username is null)
        {
            Fail("username", "SSH environments require a username.");
        }
        else if (!UserPattern().IsMatch(username))
        {
            Fail("username", "SSH username may hold only letters, digits, '.', '_' and '-' (at most 64, not starting with '-').");
        }

        string? path = Trimmed(source, "remoteWorkspacePath");
        if (path is null)
        {
            Fail("remoteWorkspacePath", "SSH environments require a remote workspace path.");
        }
        else if (!path.StartsWith('/'))
        {
            Fail("remoteWorkspacePath", "SSH remote workspace path must be absolute.");
        }
        else if (path.Any(char.IsControl) || path.Split('/').Any(s => s is ".." or ".") || path.Length > 1024)
        {
            Fail("remoteWorkspacePath", "SSH remote workspace path must not hold '.' or '..' segments or control characters (at most 1024 characters).");
        }

        SecretValue? privateKey = null;
        if (source.TryGetProperty("privateKey", out JsonElement key) && key.ValueKind != JsonValueKind.Null)
        {
            if (!acceptPrivateKey || key.ValueKind != JsonValueKind.String)
            {
                Fail("privateKey", acceptPrivateKey ? "SSH private key must be a string." : "SSH private keys are kept in secrets: send privateKey on create, update or probe.");
            }
            else if (key.GetString()!.Trim() is { Length: > 0 } text)
            {
                privateKey = text.Length <= 16 * 1024 ? new SecretValue(text + "\n") : null;
                if (privateKey is null)
                {
                    Fail("privateKey", "SSH private key must be at most 16384 characters.");
                }
            }
        }

        JsonObject? secretRef = null;
        if (source.TryGetProperty("privateKeySecretRef", out JsonElement reference) && reference.ValueKind != JsonValueKind.Null)
        {
            secretRef = SecretReference(reference, Fail);
        }

        string? knownHosts = null;
        if (source.TryGetProperty("knownHosts", out JsonElement known) && known.ValueKind != JsonValueKind.Null)
        {
            if (known.ValueKind != JsonValueKind.String || known.GetString()!.Length > 64 * 1024)
            {
                Fail("knownHosts", "SSH known hosts must be a string of at most 65536 characters.");
            }
            else
            {
                knownHosts = known.GetString()!.Trim() is { Length: > 0 } text ? text : null;
            }
        }

        bool strict = true;
        if (source.TryGetProperty("strictHostKeyChecking", out JsonElement strictValue) && strictValue.ValueKind != JsonValueKind.Null)
        {
            if (strictValue.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                Fail("strictHostKeyChecking", "SSH strictHostKeyChecking must be a boolean.");
            }
            else
            {
                strict = strictValue.GetBoolean();
            }
        }

        // Beyond upstream, which always sources them (H-S8): the box's shell profiles only when the environment asks.
        bool profiles = false;
        if (source.TryGetProperty("sourceShellProfiles", out JsonElement profilesValue) && profilesValue.ValueKind != JsonValueKind.Null)
        {
            if (profilesValue.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                Fail("sourceShellProfiles", "SSH sourceShellProfiles must be a boolean.");
            }
            else
            {
                profiles = profilesValue.GetBoolean();
            }
        }

        if (errors.Count > 0)
        {
            throw Invalid(errors);
        }

        JsonObject normalized = new()
        {
            ["host"] = host,
            ["port"] = port,
            ["username"] = username,
            ["remoteWorkspacePath"] = path!.Length > 1 ? path.TrimEnd('/') : path,
            ["privateKey"] = null,
            ["privateKeySecretRef"] = secretRef,
            ["knownHosts"] = knownHosts,
            ["strictHostKeyChecking"] = strict,
        };
        if (profiles)
        {
            normalized["sourceShellProfiles"] = true;
        }

        return (JsonSerializer.SerializeToElement(normalized), privateKey);
    }

    /// <summary><c>{type: "secret_ref", secretId, version?}</c>, strict; the version defaults to <c>latest</c>.</summary>
    internal static JsonObject SecretReference(Guid secretId, int? version) => new()
    {
        ["type"] = "secret_ref",
        ["secretId"] = secretId.ToString(),
        ["version"] = version is { } v ? JsonValue.Create(v) : JsonValue.Create("latest"),
    };

    static JsonObject? SecretReference(JsonElement reference, Action<string, string> fail)
    {
        const string Message = "SSH privateKeySecretRef must be {type: \"secret_ref\", secretId: <uuid>, version?: \"latest\" | a positive integer}.";
        if (reference.ValueKind != JsonValueKind.Object
            || reference.EnumerateObject().Any(p => p.Name is not ("type" or "secretId" or "version"))
            || !reference.TryGetProperty("type", out JsonElement type) || type.ValueKind != JsonValueKind.String || type.GetString() != "secret_ref"
            || !reference.TryGetProperty("secretId", out JsonElement id) || id.ValueKind != JsonValueKind.String || !Guid.TryParse(id.GetString(), out Guid secretId))
        {
            fail("privateKeySecretRef", Message);
            return null;
        }

        int? version = null;
        if (reference.TryGetProperty("version", out JsonElement v) && !(v.ValueKind == JsonValueKind.String && v.GetString() == "latest"))
        {
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out int number) || number < 1)
            {
                fail("privateKeySecretRef", Message);
                return null;
            }

            version = number;
        }

        return SecretReference(secretId, version);
    }

    static string? Trimmed(JsonElement source, string field) =>
        source.TryGetProperty(field, out JsonElement value) && value.ValueKind == JsonValueKind.String && value.GetString()!.Trim() is { Length: > 0 } text ? text : null;

    static PaperclipException Invalid(Dictionary<string, List<string>> errors) =>
        new(422, InvalidConfig, "Invalid environment config", errors.Values.First()[0], errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));

    // A DNS name or an IPv4/IPv6 literal: never a leading '-', no spaces, no shell or ssh option syntax.
    [GeneratedRegex("^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9.:-]*[A-Za-z0-9])?|[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex HostPattern();

    // POSIX portable user names (with '.'), as useradd accepts them.
    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex UserPattern();
}
