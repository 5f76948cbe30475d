using Paperclip.Core.Runs;

namespace Paperclip.Core.Ports;

/// <summary>
/// The narrow port onto the durable engine: one method per thing the application asks of it, with typed inputs. One
/// implementation per host (the Functions durable client; the Durable Task Framework client in the self-host), both
/// over <c>Paperclip.Runs</c>' <c>DurableEngineBase</c>, so entity and event names live in one place.
/// </summary>
public interface IDurableEngine
{
    /// <summary>
    /// Starts the run orchestration with the run id as its instance id. Starting a run that already
    /// exists is a no-op that returns the existing instance.
    /// </summary>
    Task<RunInstanceStatus> StartRunAsync(RunRequest request, CancellationToken cancellationToken);

    /// <summary>Starts a workspace archive's orchestration (it joins the workspace's line behind the runs woken before it).</summary>
    Task StartWorkspaceArchiveAsync(WorkspaceArchiveRequest request, CancellationToken cancellationToken);

    /// <summary>Reads a run orchestration's status, or null when no such instance exists.</summary>
    Task<RunInstanceStatus?> GetRunAsync(Guid runId, CancellationToken cancellationToken);

    /// <summary>Tells the run's orchestration how its agent ended (the watcher's report).</summary>
    Task ReportExitAsync(Guid runId, PhaseOutcome report, CancellationToken cancellationToken);

    /// <summary>Tells a queued run it holds its workspace now (a repeat of a hand-off that may have been lost).</summary>
    Task ReportAdmittedAsync(Guid runId, CancellationToken cancellationToken);

    /// <summary>Tells a run it holds one of its agent's slots now (a repeat of a hand-off that may have been lost).</summary>
    Task ReportSlotGrantedAsync(Guid runId, CancellationToken cancellationToken);

    /// <summary>Puts a woken run in its workspace's line (admission is in wake order).</summary>
    Task EnqueueAtWorkspaceAsync(RunRequest request, CancellationToken cancellationToken);

    /// <summary>Takes a run out of its workspace: releases the workspace if it held it, or leaves the line.</summary>
    Task ReleaseWorkspaceAsync(Guid companyId, Guid workspaceId, Guid runId, CancellationToken cancellationToken);

    /// <summary>Extends the lease of a workspace's live holder.</summary>
    Task RenewWorkspaceLeaseAsync(Guid companyId, Guid workspaceId, Guid holderRunId, CancellationToken cancellationToken);

    /// <summary>
    /// Releases a workspace whose holder vanished and whose lease lapsed before <paramref name="now"/>. The holder is
    /// named as the entity holds it (whatever it is, a lapsed lease must not block the line).
    /// </summary>
    Task ReleaseExpiredWorkspaceLeaseAsync(Guid companyId, Guid workspaceId, string holder, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Registers a dependent issue to be woken when the workspace's finalize succeeds.</summary>
    Task AddFinalizeWaiterAsync(Guid companyId, Guid workspaceId, Guid issueId, CancellationToken cancellationToken);

    /// <summary>Reads a workspace entity's state, or null when it does not exist yet.</summary>
    Task<WorkspaceLine?> GetWorkspaceAsync(Guid companyId, Guid workspaceId, CancellationToken cancellationToken);

    /// <summary>Releases a run's slot of its agent (idempotent; a slot never taken is released harmlessly).</summary>
    Task ReleaseAgentSlotAsync(Guid companyId, Guid agentId, Guid runId, CancellationToken cancellationToken);

    /// <summary>Reads an agent's run-slots state, or null when it does not exist yet.</summary>
    Task<AgentSlots?> GetAgentSlotsAsync(Guid companyId, Guid agentId, CancellationToken cancellationToken);

    /// <summary>Throws when the durable worker or its backend cannot serve.</summary>
    Task CheckHealthAsync(CancellationToken cancellationToken);
}
