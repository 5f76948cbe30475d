using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Paperclip.Core.Secrets;
using Paperclip.Secrets.Local;

namespace Paperclip.Secrets;

/// <summary>Registers the secret providers that need no cloud SDK.</summary>
public static class SecretsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the local provider. Its master key comes from <c>Paperclip:Secrets:Local</c>, or upstream's
    /// <c>PAPERCLIP_SECRETS_MASTER_KEY</c> / <c>PAPERCLIP_SECRETS_MASTER_KEY_FILE</c>; <paramref name="defaultKeyFile"/>
    /// is used when neither names a key.
    /// </summary>
    public static IServiceCollection AddPaperclipLocalSecrets(this IServiceCollection services, string? defaultKeyFile)
    {
        services.AddOptions<LocalSecretsOptions>()
            .BindConfiguration(LocalSecretsOptions.Section)
            .PostConfigure<IConfiguration>((options, config) => options.WithFallbacks(config, defaultKeyFile));
        services.AddSingleton<LocalMasterKey>();
        services.AddSingleton<ISecretProvider, LocalEncryptedSecretProvider>();
        return services;
    }
}
