namespace Paperclip.Core.Services.Runs;

/// <summary>An execution workspace's serializer state as the API shows it.</summary>
public sealed record WorkspaceView(Guid Id, Guid CompanyId, string? ActiveRunId, IReadOnlyList<string> QueuedRunIds, string? LastReleasedRunId, long AdmittedCount);
