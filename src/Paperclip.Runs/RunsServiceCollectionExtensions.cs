using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Paperclip.Core;
using Paperclip.Core.Auth;
using Paperclip.Core.Ports;
using Paperclip.Core.Runs;
using Paperclip.Core.Secrets;
using Paperclip.Core.Services;
using Paperclip.Core.Services.Agents;
using Paperclip.Core.Services.Companies;
using Paperclip.Core.Services.Interactions;
using Paperclip.Core.Services.Issues;
using Paperclip.Core.Services.Projects;
using Paperclip.Core.Services.Runs;
using Paperclip.Core.Services.Workspaces;
using Paperclip.Runs.Activities;
using Paperclip.Runs.Adapters;
using Paperclip.Runs.Hosting;
using Paperclip.Runs.Workspaces;

namespace Paperclip.Runs;

/// <summary>Registers the application services, the run lifecycle and the adapters; both hosts call this.</summary>
public static class RunsServiceCollectionExtensions
{
    /// <summary>Adds everything host-independent. The host adds storage, the durable engine and the board key.</summary>
    public static IServiceCollection AddPaperclipCore(this IServiceCollection services)
    {
        services.AddOptions<PaperclipOptions>().BindConfiguration(PaperclipOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<Audit>();
        services.AddSingleton<HealthProbe>();
        services.AddSingleton<Authenticator>();
        services.AddSingleton<CompanyService>();
        services.AddSingleton<AgentService>();
        services.AddSingleton<ProjectService>();
        services.AddSingleton<IssueService>();
        services.AddSingleton<DependencyService>();
        services.AddSingleton<InteractionService>();
        services.AddSingleton<RunService>();
        services.AddSingleton<WorkspaceLedger>();
        services.AddSingleton<ExecutionWorkspaceService>();
        services.AddSingleton<IWorkspaceProvisioner, LocalWorkspaceProvisioner>();
        services.AddSingleton<RunLifecycle>();
        services.AddSingleton<RunExecution>();
        services.AddSingleton<RunWatcher>();
        services.AddSingleton(HostIdentity.ForThisProcess());
        services.AddSingleton<HeartbeatService>();
        services.AddSingleton<IAgentAdapter, ProcessAdapter>();
        services.AddOptions<SecretsOptions>()
            .BindConfiguration(SecretsOptions.Section)
            .PostConfigure<IConfiguration>((o, config) => o.DefaultProvider = config["PAPERCLIP_SECRETS_PROVIDER"] is { Length: > 0 } provider ? provider : o.DefaultProvider)
            .ValidateDataAnnotations();
        services.AddSingleton<SecretProviderRegistry>();
        services.AddSingleton<VaultService>();
        services.AddSingleton<SecretService>();
        services.AddSingleton<SecretImportService>();
        services.AddSingleton<SecretBindingService>();
        services.AddSingleton<SecretResolver>();
        services.AddTransient<PrepareRunActivity>();
        services.AddTransient<StartExecuteActivity>();
        services.AddTransient<StopExecuteActivity>();
        services.AddTransient<FinalizeRunActivity>();
        services.AddTransient<WakeWaitersActivity>();
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
