using System.Text;
using Paperclip.Core.Domain.Secrets;
using Paperclip.Core.Errors;
using Paperclip.Core.Secrets;

namespace Paperclip.Secrets.Aws;

/// <summary>
/// Where one secret lives in AWS: region, endpoint and the managed-name namespace, from its vault's config or the
/// deployment settings (upstream's rules and messages).
/// </summary>
public sealed record AwsScope(string Region, Uri Endpoint, string Prefix, string DeploymentId, string? KmsKeyId, string EnvironmentTag, string OwnerTag)
{
    /// <summary>The names missing from the deployment settings, in upstream's wording.</summary>
    public static IReadOnlyList<string> MissingDeploymentSettings(AwsSecretsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> missing = [];
        if (string.IsNullOrWhiteSpace(options.Region))
        {
            missing.Add("PAPERCLIP_SECRETS_AWS_REGION or AWS_REGION/AWS_DEFAULT_REGION");
        }

        if (string.IsNullOrWhiteSpace(options.DeploymentId))
        {
            missing.Add("PAPERCLIP_SECRETS_AWS_DEPLOYMENT_ID");
        }

        if (string.IsNullOrWhiteSpace(options.KmsKeyId))
        {
            missing.Add("PAPERCLIP_SECRETS_AWS_KMS_KEY_ID");
        }

        return missing;
    }

    /// <summary>The scope of a secret in <paramref name="vault"/> (or the deployment's when null).</summary>
    public static AwsScope For(SecretVault? vault, AwsSecretsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.DeleteRecoveryDays is < 7 or > 30)
        {
            throw PaperclipException.Unprocessable(SecretErrorCodes.ProviderNotConfigured, "PAPERCLIP_SECRETS_AWS_DELETE_RECOVERY_DAYS must be an integer between 7 and 30");
        }

        if (vault is null)
        {
            IReadOnlyList<string> missing = MissingDeploymentSettings(options);
            if (missing.Count > 0)
            {
                throw PaperclipException.Unprocessable(SecretErrorCodes.ProviderNotConfigured, $"AWS Secrets Manager provider requires non-secret config: {string.Join(", ", missing)}");
            }

            return Create(options.Region!, options.Prefix, options.DeploymentId!, options.KmsKeyId, options.Environment, options.ProviderOwner, options);
        }

        if (vault.Provider != SecretProviderIds.AwsSecretsManager)
        {
            throw PaperclipException.Unprocessable(SecretErrorCodes.VaultProviderMismatch, "AWS Secrets Manager provider received a mismatched provider vault");
        }

        if (vault.Status == VaultStatus.Disabled)
        {
            throw PaperclipException.Unprocessable(SecretErrorCodes.VaultDisabled, "AWS Secrets Manager provider vault is disabled");
        }

        if (vault.Status == VaultStatus.ComingSoon)
        {
            throw PaperclipException.Unprocessable(SecretErrorCodes.VaultComingSoon, "AWS Secrets Manager provider vault runtime is locked while coming soon");
        }

        string? region = VaultConfigPolicy.Setting(vault.Config, "region");
        if (region is null)
        {
            throw PaperclipException.Unprocessable(SecretErrorCodes.ProviderNotConfigured, "AWS Secrets Manager provider vault requires non-secret config: region");
        }

        // A vault without a namespace is namespaced by its own id, so two vaults never share managed names.
        return Create(region, VaultConfigPolicy.Setting(vault.Config, "secretNamePrefix"), VaultConfigPolicy.Setting(vault.Config, "namespace") ?? vault.Id.ToString("D"), VaultConfigPolicy.Setting(vault.Config, "kmsKeyId"),
            VaultConfigPolicy.Setting(vault.Config, "environmentTag"), VaultConfigPolicy.Setting(vault.Config, "ownerTag"), options);
    }

    /// <summary>The managed name of a company's secret key: <c>&lt;prefix&gt;/&lt;namespace&gt;/&lt;companyId&gt;/&lt;key&gt;</c>.</summary>
    public string ManagedName(Guid companyId, string secretKey) =>
        string.Join('/', new[] { this.Prefix, this.DeploymentId, Sanitize(companyId.ToString("D")), Sanitize(secretKey) }.Where(s => s.Length > 0));

    /// <summary>The control plane's own namespace in this scope (<c>&lt;prefix&gt;/&lt;namespace&gt;</c>).</summary>
    public string OwnNamespace => string.Join('/', new[] { this.Prefix, this.DeploymentId }.Where(s => s.Length > 0));

    /// <summary>Upstream's sanitizer: runs outside <c>[A-Za-z0-9/_+=.@-]</c> become <c>-</c>, no doubled or edge <c>/</c>.</summary>
    public static string Sanitize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        StringBuilder result = new();
        bool inRun = false;
        foreach (char c in text.Trim())
        {
            bool allowed = char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '+' or '=' or '.' or '@' or '-';
            if (allowed)
            {
                if (!(c == '/' && result.Length > 0 && result[^1] == '/'))
                {
                    result.Append(c);
                }

                inRun = false;
            }
            else if (!inRun)
            {
                result.Append('-');
                inRun = true;
            }
        }

        return result.ToString().Trim('/');
    }

    static AwsScope Create(string region, string? prefix, string deploymentId, string? kmsKeyId, string? environmentTag, string? ownerTag, AwsSecretsOptions options) =>
        new(region,
            options.Endpoint ?? new Uri($"https://secretsmanager.{region}.amazonaws.com/"),
            Sanitize(string.IsNullOrWhiteSpace(prefix) ? "paperclip" : prefix),
            Sanitize(deploymentId),
            string.IsNullOrWhiteSpace(kmsKeyId) ? null : kmsKeyId,
            environmentTag ?? options.Environment ?? "unknown",
            ownerTag ?? options.ProviderOwner ?? "paperclip");
}
