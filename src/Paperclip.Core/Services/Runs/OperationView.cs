using Paperclip.Core.Domain;

namespace Paperclip.Core.Services.Runs;

/// <summary>One workspace operation of a run, as the API shows it.</summary>
public sealed record OperationView(string Phase, OperationStatus Status, int? ExitCode, string? Error, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string? StdoutExcerpt, string? StderrExcerpt);
