namespace Paperclip.Runs.Activities;

/// <summary>Input of <see cref="WakeWaitersActivity"/>: the dependent issues that waited for a workspace's finalize.</summary>
public sealed record WakeWaitersInput(string CompanyId, IReadOnlyList<string> IssueIds);
