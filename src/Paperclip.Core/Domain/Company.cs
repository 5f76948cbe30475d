namespace Paperclip.Core.Domain;

/// <summary>A company: the isolation boundary. Every other record carries its id.</summary>
public sealed record Company(
    Guid Id,
    string Name,
    string IssuePrefix,
    int IssueCounter,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
