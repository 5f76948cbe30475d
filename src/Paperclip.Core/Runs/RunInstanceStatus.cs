namespace Paperclip.Core.Runs;

/// <summary>The durable engine's view of a run orchestration.</summary>
public sealed record RunInstanceStatus(string InstanceId, string RuntimeStatus, DateTimeOffset CreatedAt, DateTimeOffset LastUpdatedAt, string? FailureMessage);
