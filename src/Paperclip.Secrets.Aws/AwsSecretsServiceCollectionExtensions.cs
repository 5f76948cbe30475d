using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Paperclip.Core.Secrets;

namespace Paperclip.Secrets.Aws;

/// <summary>Registers the AWS Secrets Manager provider.</summary>
public static class AwsSecretsServiceCollectionExtensions
{
    /// <summary>Adds the provider, configured from <c>Paperclip:Secrets:Aws</c> and upstream's <c>PAPERCLIP_SECRETS_AWS_*</c> variables.</summary>
    public static IServiceCollection AddPaperclipAwsSecrets(this IServiceCollection services)
    {
        services.AddOptions<AwsSecretsOptions>()
            .BindConfiguration(AwsSecretsOptions.Section)
            .PostConfigure<IConfiguration>((o, config) =>
            {
                string? Env(string name) => config[name] is { Length: > 0 } value ? value.Trim() : null;
                o.Region ??= Env("PAPERCLIP_SECRETS_AWS_REGION") ?? Env("AWS_REGION") ?? Env("AWS_DEFAULT_REGION");
                o.DeploymentId ??= Env("PAPERCLIP_SECRETS_AWS_DEPLOYMENT_ID");
                o.KmsKeyId ??= Env("PAPERCLIP_SECRETS_AWS_KMS_KEY_ID");
                o.Prefix ??= Env("PAPERCLIP_SECRETS_AWS_PREFIX");
                o.Environment ??= Env("PAPERCLIP_SECRETS_AWS_ENVIRONMENT");
                o.ProviderOwner ??= Env("PAPERCLIP_SECRETS_AWS_PROVIDER_OWNER");
                o.Endpoint ??= Env("PAPERCLIP_SECRETS_AWS_ENDPOINT") is { } endpoint ? new Uri(endpoint) : null;
                if (Env("PAPERCLIP_SECRETS_AWS_DELETE_RECOVERY_DAYS") is { } days)
                {
                    // Out of range (or not a number) is refused when a delete needs it, with upstream's message.
                    o.DeleteRecoveryDays = int.TryParse(days, System.Globalization.CultureInfo.InvariantCulture, out int parsed) ? parsed : -1;
                }
            });
        services.AddSingleton<SecretsManagerClient>();
        services.AddSingleton<ISecretProvider, AwsSecretsManagerProvider>();
        return services;
    }
}
