using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Paperclip.Core.Runs;
using Paperclip.Runs.Activities;
using Paperclip.Runs.Entities;
using Paperclip.Runs.Execution;
using Paperclip.Runs.Lifecycle;

namespace Paperclip.Runs.Orchestration;

/// <summary>
/// One run: admission by the workspace entity, then prepare → execute → finalize, then the finalize's follow-up
/// wakes and the release of the workspace to the next run in line. Execute is watched, not awaited in an activity: an
/// activity starts the agent, and the orchestration waits for the watcher's exit event or its durable timer. Deterministic: no I/O, clocks or
/// randomness here; all work is in activities.
/// </summary>
public sealed class RunOrchestrator : TaskOrchestrator<RunRequest, RunResult>
{
    /// <inheritdoc/>
    public override async Task<RunResult> RunAsync(TaskOrchestrationContext context, RunRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        EntityInstanceId workspace = WorkspaceEntity.IdFor(input.WorkspaceKey);

        // One run at a time per workspace: if another run holds it, the entity queues us and the holder's
        // orchestration raises "admitted" to us when it releases the workspace (FIFO). And at most maxConcurrentRuns of
        // the agent's runs at once (its slots). Both are asked at once, so an uncontended run pays one round trip.
        EntityInstanceId slots = AgentSlotsEntity.IdFor(input.CompanyId, input.AgentId);
        Task<bool> admitted = context.Entities.CallEntityAsync<bool>(workspace, nameof(WorkspaceEntity.Admit), input.InstanceId);
        Task<bool> slot = context.Entities.CallEntityAsync<bool>(slots, nameof(AgentSlotsEntity.Acquire), new SlotRequest(input.InstanceId, input.MaxConcurrentRuns));
        await Task.WhenAll(admitted, slot);
        if (!admitted.Result)
        {
            // Never hold or wait for a slot while waiting for a workspace (a slot holder waiting for a workspace whose
            // holder waits for that slot would deadlock): leave the agent's line, wait to be admitted, then ask again.
            await LeaveSlotsAsync(context, slots, input.InstanceId, grantedDirectly: slot.Result);
            await context.WaitForExternalEvent<string>(RunEvents.Admitted);
            slot = context.Entities.CallEntityAsync<bool>(slots, nameof(AgentSlotsEntity.Acquire), new SlotRequest(input.InstanceId, input.MaxConcurrentRuns));
        }

        RunResult? result = null;
        try
        {
            result = await RunPhasesAsync(context, input, slot);
        }
        finally
        {
            await ReleaseAsync(context, input, workspace, slots, result);
        }

        return result;
    }

    /// <summary>
    /// The run's phases ended: both lines move on. The agent's slot is released at once; the workspace is handed off —
    /// released, or, when there are wakes to make first (what finalize left owed, the dependents that waited for this
    /// finalize), kept while <see cref="RunFollowUpsActivity"/> makes them and released after, so the next run in line
    /// cannot start and lower the barrier before the dependents it lifted for are woken. Then the runs admitted by the
    /// releases are told. Releasing is idempotent, so a slot never taken is released harmlessly.
    /// </summary>
    static async Task ReleaseAsync(TaskOrchestrationContext context, RunRequest input, EntityInstanceId workspace, EntityInstanceId slots, RunResult? result)
    {
        FinalizeFollowUps followUps = result?.FollowUps ?? FinalizeFollowUps.None;
        Task<SlotRelease> slotReleased = context.Entities.CallEntityAsync<SlotRelease>(slots, nameof(AgentSlotsEntity.Release), input.InstanceId);
        Task<WorkspaceHandoffResult> handedOff = context.Entities.CallEntityAsync<WorkspaceHandoffResult>(
            workspace, nameof(WorkspaceEntity.HandOff), new WorkspaceHandoff(input.InstanceId, result?.Finalized == true, followUps.IsOwed()));
        await Task.WhenAll(slotReleased, handedOff);
        foreach (string granted in slotReleased.Result.Granted)
        {
            context.SendEvent(granted, RunEvents.SlotGranted, input.InstanceId);
        }

        string? next = handedOff.Result.Admitted;
        try
        {
            if (handedOff.Result.Held)
            {
                try
                {
                    await context.CallActivityAsync<bool>(nameof(RunFollowUpsActivity), new RunFollowUpsInput(input, followUps, handedOff.Result.FinalizeWaiterIssueIds));
                }
                finally
                {
                    next = await context.Entities.CallEntityAsync<string?>(workspace, nameof(WorkspaceEntity.Release), input.InstanceId);
                }
            }
        }
        finally
        {
            // Even when the follow-ups failed: the run the release admitted must hear of it.
            if (next is not null)
            {
                context.SendEvent(next, RunEvents.Admitted, input.InstanceId);
            }
        }
    }

    /// <summary>
    /// Leaves the agent's slots (held or waited for). A grant that reached the run while it waited was announced by an
    /// event: it is consumed here, so it cannot be mistaken later for the grant of the next request.
    /// </summary>
    static async Task LeaveSlotsAsync(TaskOrchestrationContext context, EntityInstanceId slots, string runId, bool grantedDirectly)
    {
        SlotRelease left = await context.Entities.CallEntityAsync<SlotRelease>(slots, nameof(AgentSlotsEntity.Release), runId);
        foreach (string granted in left.Granted)
        {
            context.SendEvent(granted, RunEvents.SlotGranted, runId);
        }

        if (left.WasHolding && !grantedDirectly)
        {
            await context.WaitForExternalEvent<string>(RunEvents.SlotGranted);
        }
    }

    /// <summary>
    /// prepare → execute → finalize. The agent starts only with a slot: one still being asked for (after a wait for the
    /// workspace) is waited for first; then one activity prepares the workspace and starts the agent.
    /// </summary>
    static async Task<RunResult> RunPhasesAsync(TaskOrchestrationContext context, RunRequest input, Task<bool> slot)
    {
        string? failure = null;
        PhaseOutcome? executed = null;
        string? environmentId = null;
        try
        {
            if (!await slot)
            {
                await context.WaitForExternalEvent<string>(RunEvents.SlotGranted);
            }

            ExecuteStart started = await context.CallActivityAsync<ExecuteStart>(nameof(StartRunActivity), input);
            environmentId = started.EnvironmentId;
            executed = started.Outcome ?? await WaitForExitAsync(context, input, started.TimeoutSec);
            failure = executed.LedgerFailure;
        }
        catch (TaskFailedException ex)
        {
            // The failed phase already wrote its failed row; finalize still records the run's end. A phase's own failure
            // names the phase; anything else names the activity.
            failure = ex.FailureDetails.ErrorType == typeof(PhaseFailedException).FullName ? ex.FailureDetails.ErrorMessage : $"{ex.TaskName} failed: {ex.FailureDetails.ErrorMessage}";
        }

        return await context.CallActivityAsync<RunResult>(nameof(FinalizeRunActivity), new FinalizeRunInput(input, executed, failure) { EnvironmentId = environmentId });
    }

    /// <summary>
    /// Waits for the watcher's report. The agent's timeoutSec is a durable timer: when it fires first, the watcher is
    /// asked to stop the agent and reports timed_out (or the heartbeat reports the process lost if its host is gone).
    /// </summary>
    static async Task<PhaseOutcome> WaitForExitAsync(TaskOrchestrationContext context, RunRequest input, int? timeoutSec)
    {
        Task<PhaseOutcome> exited = context.WaitForExternalEvent<PhaseOutcome>(RunEvents.Exited);
        if (timeoutSec is not { } seconds)
        {
            return await exited;
        }

        using CancellationTokenSource timerCancel = new();
        Task timeout = context.CreateTimer(context.CurrentUtcDateTime.AddSeconds(seconds), timerCancel.Token);
        if (await Task.WhenAny(exited, timeout) == exited)
        {
            // Synchronous on purpose: the orchestration must stay on its own single thread.
#pragma warning disable CA1849
            timerCancel.Cancel();
#pragma warning restore CA1849
            return await exited;
        }

        await context.CallActivityAsync<bool>(nameof(StopExecuteActivity), input);
        return await exited;
    }
}
