using Microsoft.Extensions.DependencyInjection;
using Paperclip.Core.Secrets;

namespace Paperclip.Secrets.AzureKeyVault;

/// <summary>Registers the Azure Key Vault provider.</summary>
public static class KeyVaultSecretsServiceCollectionExtensions
{
    /// <summary>Adds the provider; vaults name their Key Vault in <c>config.vaultUri</c>.</summary>
    public static IServiceCollection AddPaperclipKeyVaultSecrets(this IServiceCollection services)
    {
        services.AddOptions<KeyVaultSecretsOptions>().BindConfiguration(KeyVaultSecretsOptions.Section);
        services.AddSingleton<KeyVaultClients>();
        services.AddSingleton<ISecretProvider, AzureKeyVaultSecretProvider>();
        return services;
    }
}
