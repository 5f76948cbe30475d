using System.Text.Json;

namespace Paperclip.Core.Domain.Environments;

/// <summary>A reference to a company secret (<c>{type: "secret_ref", secretId, version}</c>; a null version is <c>latest</c>).</summary>
public sealed record SecretRef(Guid SecretId, int? Version);

/// <summary>
/// An <c>ssh</c> environment's config, read from its normalised JSON: where to connect, as whom, into which remote
/// directory, and how the host key is checked.
/// </summary>
public sealed record SshEnvironmentConfig(
    string Host,
    int Port,
    string Username,
    string RemoteWorkspacePath,
    SecretRef? PrivateKeySecretRef,
    string? KnownHosts,
    bool StrictHostKeyChecking)
{
    /// <summary>
    /// Source the box's login profiles (<c>~/.profile</c>, <c>~/.bash_profile</c>, <c>~/.zprofile</c>) before the agent's
    /// command — never before the sync's own commands. Off unless the environment asks (upstream always did, H-S8).
    /// </summary>
    public bool SourceShellProfiles { get; init; }

    /// <summary>Reads a normalised config (as <c>EnvironmentConfigs</c> wrote it).</summary>
    public static SshEnvironmentConfig From(JsonElement config)
    {
        SecretRef? secret = null;
        if (config.TryGetProperty("privateKeySecretRef", out JsonElement reference) && reference.ValueKind == JsonValueKind.Object)
        {
            JsonElement version = reference.GetProperty("version");
            secret = new SecretRef(reference.GetProperty("secretId").GetGuid(), version.ValueKind == JsonValueKind.Number ? version.GetInt32() : null);
        }

        return new SshEnvironmentConfig(
            config.GetProperty("host").GetString()!,
            config.GetProperty("port").GetInt32(),
            config.GetProperty("username").GetString()!,
            config.GetProperty("remoteWorkspacePath").GetString()!,
            secret,
            config.TryGetProperty("knownHosts", out JsonElement known) && known.ValueKind == JsonValueKind.String ? known.GetString() : null,
            !config.TryGetProperty("strictHostKeyChecking", out JsonElement strict) || strict.ValueKind != JsonValueKind.False)
        {
            SourceShellProfiles = config.TryGetProperty("sourceShellProfiles", out JsonElement profiles) && profiles.ValueKind == JsonValueKind.True,
        };
    }
}
