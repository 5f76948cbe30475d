using System.Text.Json;

namespace Paperclip.Core.Domain.Secrets;

/// <summary>
/// A provider vault (upstream's "provider config"): which vault of a provider a company's secrets live in, with its
/// non-secret configuration. At most one default per company and provider.
/// </summary>
public sealed record SecretVault(
    Guid Id,
    Guid CompanyId,
    string Provider,
    string DisplayName,
    VaultStatus Status,
    bool IsDefault,
    JsonElement Config,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The last health check's outcome.</summary>
    public VaultHealthStatus? HealthStatus { get; init; }

    /// <summary>When health was last checked.</summary>
    public DateTimeOffset? HealthCheckedAt { get; init; }

    /// <summary>The last health check's message.</summary>
    public string? HealthMessage { get; init; }

    /// <summary>The last health check's details (code, message, guidance; never credentials).</summary>
    public JsonElement? HealthDetails { get; init; }

    /// <summary>When it was disabled.</summary>
    public DateTimeOffset? DisabledAt { get; init; }

    /// <summary>The user (or "board") that created it.</summary>
    public string? CreatedByUserId { get; init; }

    /// <summary>True when secrets may be created, rotated and resolved through it.</summary>
    public bool IsSelectable => this.Status is VaultStatus.Ready or VaultStatus.Warning;
}
