namespace Paperclip.Secrets.Aws;

/// <summary>
/// Deployment-level AWS Secrets Manager settings (section <c>Paperclip:Secrets:Aws</c>; upstream's
/// <c>PAPERCLIP_SECRETS_AWS_*</c> environment variables are read too). Non-secret only: credentials always come from
/// the AWS SDK's default credential chain.
/// </summary>
public sealed class AwsSecretsOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Paperclip:Secrets:Aws";

    /// <summary>The region of secrets without a vault.</summary>
    public string? Region { get; set; }

    /// <summary>The namespace of managed names for secrets without a vault.</summary>
    public string? DeploymentId { get; set; }

    /// <summary>The KMS key of managed secrets without a vault.</summary>
    public string? KmsKeyId { get; set; }

    /// <summary>The first segment of managed names (default <c>paperclip</c>).</summary>
    public string? Prefix { get; set; }

    /// <summary>The <c>paperclip:environment</c> tag.</summary>
    public string? Environment { get; set; }

    /// <summary>The <c>paperclip:provider-owner</c> tag.</summary>
    public string? ProviderOwner { get; set; }

    /// <summary>An endpoint for every request (tests point it at moto); default <c>https://secretsmanager.&lt;region&gt;.amazonaws.com</c>.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The recovery window of deletes, 7-30 days.</summary>
    public int DeleteRecoveryDays { get; set; } = 30;

    /// <summary>The most one request may take.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
