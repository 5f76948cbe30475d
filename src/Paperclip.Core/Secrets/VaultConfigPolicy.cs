using System.Text.Json;

namespace Paperclip.Core.Secrets;

/// <summary>
/// Vault configuration holds identifiers only. Credential-shaped top-level keys are refused, case-insensitively and
/// with or without <c>-</c>/<c>_</c> (upstream's list, plus Azure's client-secret and certificate aliases).
/// </summary>
public static class VaultConfigPolicy
{
    static readonly HashSet<string> Sensitive = new(StringComparer.Ordinal)
    {
        "accesskey", "accesskeyid", "secretaccesskey", "secretkey", "token", "password", "passwd", "credential",
        "credentials", "privatekey", "pem", "jwt", "sessiontoken", "serviceaccount", "serviceaccountjson",
        "clientsecret", "secretid", "unsealkey", "recoverykey", "keyfile", "keyfilepath", "tokenfile", "tokenfilepath",
        "clientcertificate", "certificate", "certificatepassword", "clientcertificatepath", "connectionstring", "sas", "sastoken",
    };

    /// <summary>A vault config setting: the trimmed string, or null when it is absent, not a string or blank.</summary>
    public static string? Setting(JsonElement config, string name) =>
        config.ValueKind == JsonValueKind.Object && config.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            && value.GetString()!.Trim() is { Length: > 0 } text ? text : null;

    /// <summary>True when a config key names a credential.</summary>
    public static bool IsSensitiveKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Sensitive.Contains(new string(key.Where(c => c is not ('-' or '_')).ToArray()).ToLowerInvariant());
    }

    /// <summary>Reports every credential-shaped top-level key of <paramref name="config"/>; true when there was one.</summary>
    public static bool RejectSensitive(JsonElement config, Action<string, string> fail)
    {
        ArgumentNullException.ThrowIfNull(fail);
        bool refused = false;
        foreach (JsonProperty property in config.ValueKind == JsonValueKind.Object ? config.EnumerateObject().Where(p => IsSensitiveKey(p.Name)) : [])
        {
            fail($"config.{property.Name}", $"Provider vault config cannot persist sensitive field: {property.Name}");
            refused = true;
        }

        return refused;
    }
}
