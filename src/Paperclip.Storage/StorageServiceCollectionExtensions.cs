using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Paperclip.Core.Ports;
using Paperclip.Storage.Blobs;
using Paperclip.Storage.Tables;

namespace Paperclip.Storage;

/// <summary>Registers the Azure Tables adapter.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>Adds the Tables repositories, bound to <see cref="TableStoreOptions.Section"/> and validated at start.</summary>
    public static IServiceCollection AddPaperclipTables(this IServiceCollection services)
    {
        services.AddOptions<TableStoreOptions>().BindConfiguration(TableStoreOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new StorageOutage(sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton<TableStore>();
        services.AddSingleton<IStorageHealth>(sp => sp.GetRequiredService<TableStore>());
        services.AddSingleton<ICompanyRepository, CompanyRepository>();
        services.AddSingleton<IAgentRepository, AgentRepository>();
        services.AddSingleton<IAgentKeyRepository, AgentKeyRepository>();
        services.AddSingleton<IProjectRepository, ProjectRepository>();
        services.AddSingleton<IIssueRepository, IssueRepository>();
        services.AddSingleton<IRunRepository, RunRepository>();
        services.AddSingleton<IWorkspaceOperationRepository, WorkspaceOperationRepository>();
        services.AddSingleton<IActivityLog, ActivityLogRepository>();
        services.AddSingleton<IWakeupReservations, WakeupReservationRepository>();
        services.AddSingleton<IInteractionRepository, InteractionRepository>();
        services.AddSingleton<IHostLeaseRepository, HostLeaseRepository>();
        services.AddSingleton<IExecutionWorkspaceRepository, ExecutionWorkspaceRepository>();
        services.AddSingleton<IEnvironmentRepository, EnvironmentRepository>();
        services.AddSingleton<IEnvironmentLeaseRepository, EnvironmentLeaseRepository>();
        services.AddSingleton<IIssueCommentRepository, IssueCommentRepository>();
        services.AddSingleton<IWakeupRequestRepository, WakeupRequestRepository>();
        services.AddSingleton<Core.Secrets.ISecretStore, SecretStore>();
        services.AddSingleton(sp =>
        {
            TableStoreOptions o = sp.GetRequiredService<IOptions<TableStoreOptions>>().Value;
            BlobClientOptions clientOptions = new();
            new StorageDeadline(o.RequestTimeout, sp.GetRequiredService<StorageOutage>()).Apply(clientOptions);
            return o.ServiceUri is { } tables
                ? new BlobServiceClient(new Uri(tables.AbsoluteUri.Replace(".table.", ".blob.", StringComparison.Ordinal)), StorageCredentials.For(o), clientOptions)
                : new BlobServiceClient(o.ConnectionString, clientOptions);
        });
        services.AddSingleton<IRunLogStore>(sp => new RunLogBlobStore(sp.GetRequiredService<BlobServiceClient>(), sp.GetRequiredService<IOptions<TableStoreOptions>>().Value.TablePrefix));
        services.AddSingleton<IIssueDocumentRepository, IssueDocumentRepository>();
        return services;
    }
}
