using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Paperclip.Core.Runs;
using Paperclip.Runs.Activities;
using Paperclip.Runs.Entities;

namespace Paperclip.Runs.Orchestration;

/// <summary>
/// One run: admission by the workspace entity, then prepare → execute → finalize, then release of the workspace
/// to the next run in line. Deterministic: no I/O, clocks or randomness here; all work is in activities.
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
            result = await RunPhasesAsync(context, input);
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

    static async Task<RunResult> RunPhasesAsync(TaskOrchestrationContext context, RunRequest input)
    {
        string? failure = null;
        PhaseOutcome? executed = null;
        try
        {
            string cwd = await context.CallActivityAsync<string>(nameof(PrepareRunActivity), input);
            executed = await context.CallActivityAsync<PhaseOutcome>(nameof(ExecuteRunActivity), new ExecuteRunInput(input, cwd));
        }
        catch (TaskFailedException ex)
        {
            // The failed phase already wrote its failed row; finalize still records the run's end.
            failure = $"{ex.TaskName} failed: {ex.FailureDetails.ErrorMessage}";
        }

        return await context.CallActivityAsync<RunResult>(nameof(FinalizeRunActivity), new FinalizeRunInput(input, executed, failure));
    }
}
