using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Paperclip.Core.Runs;
using Paperclip.Runs.Activities;
using Paperclip.Runs.Entities;
using Paperclip.Runs.Execution;
using Paperclip.Runs.Orchestration;

namespace Paperclip.Functions.Durable;

/// <summary>The orchestrator, activity and entity functions: each delegates to the shared class the self-host runs too.</summary>
public sealed class RunFunctions(StartRunActivity start, StopExecuteActivity stopExecute, FinalizeRunActivity finalize, RunFollowUpsActivity followUps, ArchiveWorkspaceActivity archive)
{
    /// <summary>The run orchestration.</summary>
    [Function(nameof(RunOrchestrator))]
    public static Task<RunResult> RunOrchestratorFunction([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new RunOrchestrator().RunAsync(context, context.GetInput<RunRequest>()!);

    /// <summary>The workspace serializer entity.</summary>
    [Function(nameof(WorkspaceEntity))]
    public static Task WorkspaceEntityFunction([EntityTrigger] TaskEntityDispatcher dispatcher) =>
        dispatcher.DispatchAsync<WorkspaceEntity>();

    /// <summary>The per-agent run-slots entity (maxConcurrentRuns).</summary>
    [Function(nameof(AgentSlotsEntity))]
    public static Task AgentSlotsEntityFunction([EntityTrigger] TaskEntityDispatcher dispatcher) =>
        dispatcher.DispatchAsync<AgentSlotsEntity>();

    /// <summary>
    /// worktree_prepare, then execute's start: starts the agent under the watcher. Binds the durable client: the watcher
    /// reports the exit from the background after this function returned, with the client it captured from this scope.
    /// </summary>
    [Function(nameof(StartRunActivity))]
    public Task<ExecuteStart> StartRun([ActivityTrigger] RunRequest input, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        DurableClientScope.RunAsync(client, () => start.RunAsync(Context(nameof(StartRunActivity), context), input));

    /// <summary>The run's timeout fired: asks the watcher to stop the agent.</summary>
    [Function(nameof(StopExecuteActivity))]
    public Task<bool> StopExecute([ActivityTrigger] RunRequest input, FunctionContext context) =>
        stopExecute.RunAsync(Context(nameof(StopExecuteActivity), context), input);

    /// <summary>workspace_finalize: records the run's end and says which wakes are owed (it starts nothing).</summary>
    [Function(nameof(FinalizeRunActivity))]
    public Task<RunResult> FinalizeRun([ActivityTrigger] FinalizeRunInput input, FunctionContext context) =>
        finalize.RunAsync(Context(nameof(FinalizeRunActivity), context), input);

    /// <summary>The wakes a finalize left owed. Binds the durable client: the wakes start runs.</summary>
    [Function(nameof(RunFollowUpsActivity))]
    public Task<bool> RunFollowUps([ActivityTrigger] RunFollowUpsInput input, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        DurableClientScope.RunAsync(client, () => followUps.RunAsync(Context(nameof(RunFollowUpsActivity), context), input));

    /// <summary>A workspace archive: waits in the workspace's line, tears it down while holding it, releases it.</summary>
    [Function(nameof(WorkspaceArchiveOrchestrator))]
    public static Task<bool> WorkspaceArchiveOrchestratorFunction([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new WorkspaceArchiveOrchestrator().RunAsync(context, context.GetInput<WorkspaceArchiveRequest>()!);

    /// <summary>The archive's teardown and worktree cleanup.</summary>
    [Function(nameof(ArchiveWorkspaceActivity))]
    public Task<bool> ArchiveWorkspace([ActivityTrigger] WorkspaceArchiveRequest input, FunctionContext context) =>
        archive.RunAsync(Context(nameof(ArchiveWorkspaceActivity), context), input);

    static FunctionActivityContext Context(string name, FunctionContext context) =>
        new(name, context.BindingContext.BindingData.TryGetValue("instanceId", out object? id) ? id?.ToString() ?? string.Empty : string.Empty);
}
