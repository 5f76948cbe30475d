using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Paperclip.Api;
using Paperclip.Core.Auth;
using Paperclip.Core.Ports;
using Paperclip.Functions.Durable;
using Paperclip.Runs;
using Paperclip.Storage;

namespace Paperclip.Functions;

/// <summary>The Functions app's services: the same application services as the self-host, with the Functions durable client.</summary>
public static class FunctionsServiceCollectionExtensions
{
    /// <summary>Adds everything the functions need.</summary>
    public static IServiceCollection AddPaperclipFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPaperclipCore();
        services.AddPaperclipTables();

        // Tables live in the app's own storage account unless a separate one is configured.
        services.PostConfigure<TableStoreOptions>(o =>
        {
            if (string.IsNullOrEmpty(o.ConnectionString))
            {
                o.ConnectionString = configuration["AzureWebJobsStorage"] ?? string.Empty;
            }
        });
        services.AddSingleton(_ => new BoardKey(configuration["PAPERCLIP_BOARD_KEY"] is { Length: >= 32 } key
            ? key
            : throw new InvalidOperationException("Set the PAPERCLIP_BOARD_KEY app setting (at least 32 characters; keep it in Key Vault).")));
        services.AddSingleton<IDurableEngine, FunctionsDurableEngine>();
        services.AddSingleton<PaperclipApi>();
        return services;
    }
}
