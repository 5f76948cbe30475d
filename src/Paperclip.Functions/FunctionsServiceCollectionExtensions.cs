using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Paperclip.Api;
using Paperclip.Core.Auth;
using Paperclip.Core.Ports;
using Paperclip.Functions.Durable;
using Paperclip.Runs;
using Paperclip.Secrets;
using Paperclip.Secrets.Aws;
using Paperclip.Bridge;
using Paperclip.Ssh;
using Paperclip.Secrets.AzureKeyVault;
using Paperclip.Storage;

namespace Paperclip.Functions;

/// <summary>The Functions app's services: the same application services as the self-host, with the Functions durable client.</summary>
public static class FunctionsServiceCollectionExtensions
{
    /// <summary>Adds everything the functions need.</summary>
    public static IServiceCollection AddPaperclipFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPaperclipRuns();

        // In Azure the master key is an app setting (a Key Vault reference): PAPERCLIP_SECRETS_MASTER_KEY.
        services.AddPaperclipLocalSecrets(defaultKeyFile: null);
        services.AddPaperclipAwsSecrets();
        services.AddPaperclipSsh();
        services.AddPaperclipBridge();
        services.AddPaperclipKeyVaultSecrets();
        services.AddPaperclipTables();

        // Tables live in the app's own storage account unless a separate one is configured: by connection string
        // locally, or by managed identity in Azure (AzureWebJobsStorage__accountName / __clientId, as the host uses).
        services.PostConfigure<TableStoreOptions>(o =>
        {
            if (!string.IsNullOrEmpty(o.ConnectionString) || o.ServiceUri is not null)
            {
                return;
            }

            if (configuration["AzureWebJobsStorage"] is { Length: > 0 } connection)
            {
                o.ConnectionString = connection;
            }
            else if (configuration["AzureWebJobsStorage:accountName"] is { Length: > 0 } account)
            {
                o.ServiceUri = new Uri($"https://{account}.table.core.windows.net");
                o.ManagedIdentityClientId ??= configuration["AzureWebJobsStorage:clientId"];
            }
        });
        services.AddSingleton(_ => new BoardKey(configuration["PAPERCLIP_BOARD_KEY"] is { Length: >= 32 } key
            ? key
            : throw new InvalidOperationException("Set the PAPERCLIP_BOARD_KEY app setting (at least 32 characters; keep it in Key Vault).")));
        services.AddSingleton<IDurableEngine, FunctionsDurableEngine>();
        services.AddSingleton<PaperclipApi>();
        services.AddRunWatcher();
        return services;
    }
}
