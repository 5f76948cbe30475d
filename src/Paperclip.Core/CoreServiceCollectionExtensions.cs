using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Paperclip.Core.Auth;
using Paperclip.Core.Secrets;
using Paperclip.Core.Services;
using Paperclip.Core.Services.Agents;
using Paperclip.Core.Services.Companies;
using Paperclip.Core.Services.Interactions;
using Paperclip.Core.Services.Issues;
using Paperclip.Core.Services.Projects;
using Paperclip.Core.Services.Runs;
using Paperclip.Core.Services.Workspaces;

namespace Paperclip.Core;

/// <summary>Registers Core's application services; their ports are the adapters' to add.</summary>
public static class CoreServiceCollectionExtensions
{
    /// <summary>Adds the options, and the application services (host-independent, adapter-free).</summary>
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
        services.AddSingleton<Services.Environments.EnvironmentService>();
        services.AddSingleton<Services.Environments.EnvironmentLeaseService>();
        services.AddSingleton<Services.Workspaces.WorkspaceViews>();
        services.AddSingleton<Services.Workspaces.WorkspaceArchiveService>();
        services.AddSingleton<Services.Comments.CommentService>();
        services.AddSingleton<Services.Issues.CheckoutService>();
        services.AddSingleton<Services.Agents.AgentSelfService>();
        services.AddSingleton<Services.Issues.HeartbeatContextService>();
        services.AddSingleton<Services.Environments.EnvironmentSelection>();
        services.AddSingleton<IssueService>();
        services.AddSingleton<IssueLocator>();
        services.AddSingleton<Services.Documents.DocumentService>();
        services.AddSingleton<DependencyService>();
        services.AddSingleton<InteractionService>();
        services.AddSingleton<RunService>();
        services.AddSingleton<WorkspaceLedger>();
        services.AddSingleton<ExecutionWorkspaceService>();
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
        return services;
    }
}
