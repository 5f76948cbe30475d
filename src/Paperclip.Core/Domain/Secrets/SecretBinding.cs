namespace Paperclip.Core.Domain.Secrets;

/// <summary>
/// A consumer's use of a secret at one config path (an agent's <c>env.OPENAI_API_KEY</c>, an environment's
/// <c>privateKeySecretRef</c>). Only bound secrets resolve for a consumer. Unique per (target type, target id, path).
/// </summary>
public sealed record SecretBinding(
    Guid Id,
    Guid CompanyId,
    Guid SecretId,
    string TargetType,
    string TargetId,
    string ConfigPath,
    string VersionSelector,
    bool Required,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>A label for the usage view.</summary>
    public string? Label { get; init; }
}
