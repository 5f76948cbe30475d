namespace Paperclip.Core.Domain;

/// <summary>An audit record: who did what to which entity.</summary>
public sealed record ActivityLogEntry(
    Guid Id,
    Guid CompanyId,
    string Actor,
    string Action,
    string EntityType,
    Guid EntityId,
    DateTimeOffset At)
{
    /// <summary>What changed, in counts, ids and names: never values, remote references or raw errors.</summary>
    public IReadOnlyDictionary<string, object?>? Details { get; init; }
}
