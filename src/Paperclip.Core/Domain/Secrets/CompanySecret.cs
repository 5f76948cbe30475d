using System.Text.Json;
using System.Text.Json.Serialization;

namespace Paperclip.Core.Domain.Secrets;

/// <summary>
/// A company secret: its identity and where its value lives — never the value. <c>Name</c> and <c>Key</c> are unique
/// per company among live secrets; a soft-deleted secret is renamed to free them.
/// </summary>
public sealed record CompanySecret(
    Guid Id,
    Guid CompanyId,
    string Key,
    string Name,
    string Provider,
    SecretStatus Status,
    SecretManagedMode ManagedMode,
    int LatestVersion,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>What the secret is for.</summary>
    public string? Description { get; init; }

    /// <summary>The provider vault the secret lives in; null means the deployment's provider configuration.</summary>
    public Guid? ProviderConfigId { get; init; }

    /// <summary>The provider's reference (an ARN, a Key Vault secret URI or name); null for local secrets.</summary>
    public string? ExternalRef { get; init; }

    /// <summary>Non-secret metadata the operator attached.</summary>
    public JsonElement? ProviderMetadata { get; init; }

    /// <summary>When a run last resolved it.</summary>
    public DateTimeOffset? LastResolvedAt { get; init; }

    /// <summary>When its current version was activated.</summary>
    public DateTimeOffset? LastRotatedAt { get; init; }

    /// <summary>When it was soft-deleted.</summary>
    public DateTimeOffset? DeletedAt { get; init; }

    /// <summary>The agent that created it, if one did.</summary>
    public Guid? CreatedByAgentId { get; init; }

    /// <summary>The user (or "board") that created it.</summary>
    public string? CreatedByUserId { get; init; }

    /// <summary>
    /// The key the provider knows the secret by. It is fixed at create, so the provider context stays the same after
    /// a soft delete renames <see cref="Key"/> (upstream rebuilt it from the renamed key and broke delete retries).
    /// </summary>
    public string? ProviderKey { get; init; }

    /// <summary>How many bindings use it (lists only; never stored).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ReferenceCount { get; init; }
}
