using Paperclip.Core.Domain;

namespace Paperclip.Core.Services.Runs;

/// <summary>The answer to a wakeup: the run that was queued.</summary>
public sealed record WakeupAccepted(Guid? RunId, RunStatus? Status, Guid IssueId, Guid? ExecutionWorkspaceId)
{
    /// <summary>True when the wake merged into an already queued run of the same agent and issue.</summary>
    public bool Coalesced { get; init; }

    /// <summary>True when the wake waits for another agent's run on the issue to end (no run yet: RunId is null).</summary>
    public bool Deferred { get; init; }

    /// <summary>The wakeup request recording this wake.</summary>
    public Guid? WakeupRequestId { get; init; }

    /// <summary>The answer for a stored run.</summary>
    public static WakeupAccepted For(Run run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new(run.Id, run.Status, run.IssueId, run.ExecutionWorkspaceId);
    }
}
