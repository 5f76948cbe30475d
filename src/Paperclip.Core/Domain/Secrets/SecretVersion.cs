namespace Paperclip.Core.Domain.Secrets;

/// <summary>
/// One version of a secret: the provider's material (ciphertext for local, a reference for vaults) and a
/// fingerprint. Never the plaintext, and no unsalted hash of it.
/// </summary>
public sealed record SecretVersion(
    Guid Id,
    Guid CompanyId,
    Guid SecretId,
    int Version,
    string Material,
    string FingerprintSha256,
    SecretVersionStatus Status,
    DateTimeOffset CreatedAt)
{
    /// <summary>The provider's version id (AWS VersionId, Key Vault version).</summary>
    public string? ProviderVersionRef { get; init; }

    /// <summary>The user (or "board") that wrote it.</summary>
    public string? CreatedByUserId { get; init; }

    /// <summary>The vault this version was written to (a rotation may move a secret to another vault; older versions stay where they were).</summary>
    public Guid? ProviderConfigId { get; init; }

    /// <summary>The provider reference this version lives under.</summary>
    public string? ExternalRef { get; init; }

    /// <summary>When it was revoked; a revoked version never resolves.</summary>
    public DateTimeOffset? RevokedAt { get; init; }
}
