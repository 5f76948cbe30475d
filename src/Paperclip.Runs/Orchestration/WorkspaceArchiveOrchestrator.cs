using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Paperclip.Core.Runs;
using Paperclip.Runs.Activities;
using Paperclip.Runs.Entities;

namespace Paperclip.Runs.Orchestration;

/// <summary>
/// A workspace's archive: admitted by the workspace entity like a run (it waits behind the runs woken before it, and
/// the runs woken after it wait for it), then the teardown activity runs while it holds the workspace, then the
/// workspace goes to the next in line. Deterministic: all work is in the activity.
/// </summary>
public sealed class WorkspaceArchiveOrchestrator : TaskOrchestrator<WorkspaceArchiveRequest, bool>
{
    /// <inheritdoc/>
    public override async Task<bool> RunAsync(TaskOrchestrationContext context, WorkspaceArchiveRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        EntityInstanceId workspace = WorkspaceEntity.IdFor(input.WorkspaceKey);
        if (!await context.Entities.CallEntityAsync<bool>(workspace, nameof(WorkspaceEntity.Admit), input.InstanceId))
        {
            await context.WaitForExternalEvent<string>(RunEvents.Admitted);
        }

        string? next = null;
        try
        {
            return await context.CallActivityAsync<bool>(nameof(ArchiveWorkspaceActivity), input);
        }
        finally
        {
            next = await context.Entities.CallEntityAsync<string?>(workspace, nameof(WorkspaceEntity.Release), input.InstanceId);
            if (next is not null)
            {
                context.SendEvent(next, RunEvents.Admitted, input.InstanceId);
            }
        }
    }
}
