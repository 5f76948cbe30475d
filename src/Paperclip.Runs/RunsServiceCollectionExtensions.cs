using Microsoft.Extensions.DependencyInjection;
using Paperclip.Core;
using Paperclip.Core.Ports;
using Paperclip.Runs.Activities;
using Paperclip.Runs.Adapters;
using Paperclip.Runs.Execution;
using Paperclip.Runs.Heartbeat;
using Paperclip.Runs.Lifecycle;
using Paperclip.Runs.Targets.Local;
using Paperclip.Runs.Workspaces;

namespace Paperclip.Runs;

/// <summary>Registers the run engine: its phases, watcher and heartbeat, activities, the local process adapter and workspaces; both hosts call this.</summary>
public static class RunsServiceCollectionExtensions
{
    /// <summary>Adds the application services (<c>AddPaperclipCore</c>) and the run engine's adapters and activities.</summary>
    public static IServiceCollection AddPaperclipRuns(this IServiceCollection services)
    {
        services.AddPaperclipCore();
        services.AddSingleton<RunLifecycle>();
        services.AddSingleton<WorkspaceCommandStep>();
        services.AddSingleton<WorkspaceArchiver>();
        services.AddSingleton<RunFollowUps>();
        services.AddSingleton<RunExecution>();
        services.AddSingleton<RunWatcher>();
        services.AddSingleton(HostIdentity.ForThisProcess());
        services.AddSingleton<HeartbeatService>();
        services.AddSingleton<IWorkspaceProvisioner, LocalWorkspaceProvisioner>();
        services.AddSingleton<IExecutionTarget, LocalExecutionTarget>();
        services.AddSingleton<IAgentAdapter, ProcessAdapter>();
        services.AddSingleton<IOrphanedAgents, LocalOrphanedAgents>();
        services.AddTransient<StartRunActivity>();
        services.AddTransient<StopExecuteActivity>();
        services.AddTransient<FinalizeRunActivity>();
        services.AddTransient<RunFollowUpsActivity>();
        services.AddTransient<ArchiveWorkspaceActivity>();
        return services;
    }

    /// <summary>
    /// Adds the watcher of agent processes and this host's lease. Call it after registering the durable worker: hosted
    /// services stop in reverse order, and running agents must drain while the worker can still deliver their reports.
    /// </summary>
    public static IServiceCollection AddRunWatcher(this IServiceCollection services)
    {
        services.AddHostedService<RunWatcherService>();
        return services;
    }
}
