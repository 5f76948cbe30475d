namespace Paperclip.Core.Domain.Secrets;

/// <summary>One resolution of a secret: who, for which consumer and run, which version, and how it went. Never the value.</summary>
public sealed record SecretAccessEvent(
    Guid Id,
    Guid CompanyId,
    Guid SecretId,
    int? Version,
    string Provider,
    string ActorType,
    string? ActorId,
    string ConsumerType,
    string ConsumerId,
    string? ConfigPath,
    string Outcome,
    DateTimeOffset CreatedAt)
{
    /// <summary>The issue the run worked on.</summary>
    public Guid? IssueId { get; init; }

    /// <summary>The run that resolved it.</summary>
    public Guid? HeartbeatRunId { get; init; }

    /// <summary>The stable code of a failure.</summary>
    public string? ErrorCode { get; init; }
}
