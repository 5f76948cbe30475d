using System.ComponentModel.DataAnnotations;

namespace Paperclip.Core.Secrets;

/// <summary>Deployment-level secrets settings (section <c>Paperclip:Secrets</c>; <c>PAPERCLIP_SECRETS_PROVIDER</c> as upstream).</summary>
public sealed class SecretsOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Paperclip:Secrets";

    /// <summary>The provider a secret gets when its create names neither a provider nor a vault.</summary>
    [Required]
    public string DefaultProvider { get; set; } = Domain.Secrets.SecretProviderIds.LocalEncrypted;
}
