namespace Paperclip.Core.Services;

/// <summary>The health answer: <c>healthy</c> or <c>unhealthy</c>, with each check's result.</summary>
public sealed record HealthReport(string Status, IReadOnlyDictionary<string, string> Checks);
