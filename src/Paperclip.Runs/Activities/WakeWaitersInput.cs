namespace Paperclip.Runs.Activities;

/// <summary>Input of <see cref="WakeWaitersActivity"/>: the dependent issues that waited for a workspace's finalize.</summary>
public sealed record WakeWaitersInput(Guid CompanyId, IReadOnlyList<string> IssueIds);
