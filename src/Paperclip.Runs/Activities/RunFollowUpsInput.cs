using Paperclip.Core.Runs;
using Paperclip.Runs.Lifecycle;

namespace Paperclip.Runs.Activities;

/// <summary>Input of <see cref="RunFollowUpsActivity"/>: the run, what its finalize left owed, the dependents handed over.</summary>
public sealed record RunFollowUpsInput(RunRequest Run, FinalizeFollowUps FollowUps, IReadOnlyList<string> FinalizeWaiterIssueIds);
