namespace Paperclip.Runs.Entities;

/// <summary>Input of <see cref="WorkspaceState.HandOff"/>: the run whose phases ended and what its finalize said.</summary>
/// <param name="RunId">The run (instance id).</param>
/// <param name="Finalized">The run's finalize succeeded: the dependents waiting for it are handed over.</param>
/// <param name="HoldForFollowUps">Finalize left wakes owed: keep the workspace until they are made.</param>
public sealed record WorkspaceHandoff(string RunId, bool Finalized, bool HoldForFollowUps);

/// <summary>What <see cref="WorkspaceState.HandOff"/> decided.</summary>
/// <param name="Admitted">The run admitted by the release, to be told so (null when none, or when held).</param>
/// <param name="FinalizeWaiterIssueIds">The dependents that waited for this finalize, to be woken now.</param>
/// <param name="Held">The run still holds the workspace: it releases it once its follow-ups are done.</param>
public sealed record WorkspaceHandoffResult(string? Admitted, IReadOnlyList<string> FinalizeWaiterIssueIds, bool Held);
