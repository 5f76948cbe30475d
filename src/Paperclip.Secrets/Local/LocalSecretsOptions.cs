using Microsoft.Extensions.Configuration;

namespace Paperclip.Secrets.Local;

/// <summary>
/// The local provider's master key (section <c>Paperclip:Secrets:Local</c>; upstream's
/// <c>PAPERCLIP_SECRETS_MASTER_KEY</c> and <c>PAPERCLIP_SECRETS_MASTER_KEY_FILE</c> are read too).
/// </summary>
public sealed class LocalSecretsOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Paperclip:Secrets:Local";

    /// <summary>The key itself: 64 hex characters, base64 of 32 bytes, or 32 characters (an app setting or a Key Vault reference in Azure).</summary>
    public string? MasterKey { get; set; }

    /// <summary>The key file (mode 0600); the self-host creates it on first start.</summary>
    public string? MasterKeyFile { get; set; }

    /// <summary>Fills what the section left unset from upstream's variables, then <paramref name="defaultKeyFile"/>.</summary>
    public LocalSecretsOptions WithFallbacks(IConfiguration config, string? defaultKeyFile)
    {
        ArgumentNullException.ThrowIfNull(config);
        this.MasterKey ??= config["PAPERCLIP_SECRETS_MASTER_KEY"] is { Length: > 0 } key ? key : null;
        this.MasterKeyFile ??= config["PAPERCLIP_SECRETS_MASTER_KEY_FILE"] is { Length: > 0 } file ? file : defaultKeyFile;
        return this;
    }

    /// <summary>The options as the host binds them.</summary>
    public static LocalSecretsOptions From(IConfiguration config, string? defaultKeyFile)
    {
        ArgumentNullException.ThrowIfNull(config);
        LocalSecretsOptions options = new();
        config.GetSection(Section).Bind(options);
        return options.WithFallbacks(config, defaultKeyFile);
    }
}
