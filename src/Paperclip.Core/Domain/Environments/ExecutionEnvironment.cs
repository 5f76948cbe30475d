using System.Text.Json;

namespace Paperclip.Core.Domain.Environments;

/// <summary>Where an environment runs its agents (serialized snake_case, as upstream).</summary>
public enum EnvironmentDriver
{
    /// <summary>On this control plane's machine.</summary>
    Local,

    /// <summary>On a remote box over SSH.</summary>
    Ssh,
}

/// <summary>An environment's lifecycle state.</summary>
public enum EnvironmentStatus
{
    Active,
    Archived,
}

/// <summary>
/// A company-scoped execution environment (upstream's <c>environments</c> row). <see cref="Config"/> is the normalised,
/// driver-specific config: for <c>ssh</c> upstream's <c>SshEnvironmentConfig</c> shape with <c>privateKey</c> always
/// null (the key lives in a company secret named by <c>privateKeySecretRef</c>); for <c>local</c> any object.
/// </summary>
public sealed record ExecutionEnvironment(
    Guid Id,
    Guid CompanyId,
    string Name,
    string? Description,
    EnvironmentDriver Driver,
    EnvironmentStatus Status,
    JsonElement Config,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Free-form metadata.</summary>
    public JsonElement? Metadata { get; init; }

    /// <summary>True when the config and metadata were withheld from this caller (upstream's redaction).</summary>
    public bool? ConfigRedacted { get; init; }

    /// <summary>See <see cref="ConfigRedacted"/>.</summary>
    public bool? MetadataRedacted { get; init; }
}
