namespace Paperclip.Core.Domain;

/// <summary>A project groups issues.</summary>
public sealed record Project(
    Guid Id,
    Guid CompanyId,
    string Name,
    string? Description,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
