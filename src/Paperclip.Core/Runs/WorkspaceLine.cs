namespace Paperclip.Core.Runs;

/// <summary>
/// What a workspace's serializer holds, as the application reads it: the run that holds the workspace, the line
/// behind it and the dependents waiting for its finalize. Run ids are orchestration instance ids.
/// </summary>
/// <param name="ActiveRunId">The run that holds the workspace, or null when it is free.</param>
/// <param name="QueuedRunIds">Runs in line, in wake order.</param>
/// <param name="LastReleasedRunId">The last run that released the workspace.</param>
/// <param name="AdmittedCount">How many runs the workspace admitted in total.</param>
/// <param name="LeaseExpiresAt">When the holder's lease lapses unless renewed.</param>
/// <param name="FinalizeWaiterIssueIds">Dependent issues waiting for the workspace's finalize to succeed.</param>
public sealed record WorkspaceLine(
    string? ActiveRunId,
    IReadOnlyList<string> QueuedRunIds,
    string? LastReleasedRunId,
    long AdmittedCount,
    DateTimeOffset? LeaseExpiresAt,
    IReadOnlyList<string> FinalizeWaiterIssueIds);
