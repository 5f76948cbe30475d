using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Paperclip.Core.Runs;
using Paperclip.Runs.Activities;
using Paperclip.Runs.Entities;

namespace Paperclip.Runs.Orchestration;

/// <summary>
/// One run: admission by the workspace entity, then prepare → execute → finalize, then release of the workspace
/// to the next run in line. Execute is watched, not awaited in an activity: an activity starts the agent, and the
/// orchestration waits for the watcher's exit event or its durable timer. Deterministic: no I/O, clocks or
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
        // orchestration raises "admitted" to us when it releases the workspace (FIFO).
        bool admitted = await context.Entities.CallEntityAsync<bool>(workspace, nameof(WorkspaceEntity.Admit), input.RunId);
        if (!admitted)
        {
            await context.WaitForExternalEvent<string>(RunEvents.Admitted);
        }

        RunResult result;
        try
        {
            result = await RunWithSlotAsync(context, input);
            if (result.Finalized)
            {
                // The barrier lifted: wake the dependents that registered here while it was down (of any issue sharing
                // this workspace), before the next run can start and lower it again.
                IReadOnlyList<string> waiters = await context.Entities.CallEntityAsync<IReadOnlyList<string>>(workspace, nameof(WorkspaceEntity.TakeFinalizeWaiters));
                if (waiters.Count > 0)
                {
                    await context.CallActivityAsync<int>(nameof(WakeWaitersActivity), new WakeWaitersInput(input.CompanyId, waiters));
                }
            }
        }
        finally
        {
            string? next = await context.Entities.CallEntityAsync<string?>(workspace, nameof(WorkspaceEntity.Release), input.RunId);
            if (next is not null)
            {
                context.SendEvent(next, RunEvents.Admitted, input.RunId);
            }
        }

        return result;
    }

    /// <summary>
    /// Within the workspace, one of the agent's slots (maxConcurrentRuns): asked for only after admission, and a slot
    /// holder never waits for a workspace, so the two lines cannot deadlock.
    /// </summary>
    static async Task<RunResult> RunWithSlotAsync(TaskOrchestrationContext context, RunRequest input)
    {
        EntityInstanceId slots = AgentSlotsEntity.IdFor(input.CompanyId, input.AgentId);
        if (!await context.Entities.CallEntityAsync<bool>(slots, nameof(AgentSlotsEntity.Acquire), new SlotRequest(input.RunId, input.MaxConcurrentRuns)))
        {
            await context.WaitForExternalEvent<string>(RunEvents.SlotGranted);
        }

        try
        {
            return await RunPhasesAsync(context, input);
        }
        finally
        {
            IReadOnlyList<string> granted = await context.Entities.CallEntityAsync<IReadOnlyList<string>>(slots, nameof(AgentSlotsEntity.Release), input.RunId);
            foreach (string next in granted)
            {
                context.SendEvent(next, RunEvents.SlotGranted, input.RunId);
            }
        }
    }

    static async Task<RunResult> RunPhasesAsync(TaskOrchestrationContext context, RunRequest input)
    {
        string? failure = null;
        PhaseOutcome? executed = null;
        try
        {
            string cwd = await context.CallActivityAsync<string>(nameof(PrepareRunActivity), input);
            ExecuteStart started = await context.CallActivityAsync<ExecuteStart>(nameof(StartExecuteActivity), new ExecuteRunInput(input, cwd));
            executed = started.Outcome ?? await WaitForExitAsync(context, input, started.TimeoutSec);
            failure = executed.LedgerFailure;
        }
        catch (TaskFailedException ex)
        {
            // The failed phase already wrote its failed row; finalize still records the run's end.
            failure = $"{ex.TaskName} failed: {ex.FailureDetails.ErrorMessage}";
        }

        return await context.CallActivityAsync<RunResult>(nameof(FinalizeRunActivity), new FinalizeRunInput(input, executed, failure));
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
