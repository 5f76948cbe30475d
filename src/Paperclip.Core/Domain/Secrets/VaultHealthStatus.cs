namespace Paperclip.Core.Domain.Secrets;

/// <summary>The outcome of a vault health check.</summary>
public enum VaultHealthStatus
{
    /// <summary>The provider answered and the configuration is complete.</summary>
    Ready,

    /// <summary>Usable, with something to fix.</summary>
    Warning,

    /// <summary>Not usable.</summary>
    Error,

    /// <summary>The provider's runtime is not available yet.</summary>
    ComingSoon,

    /// <summary>The vault is disabled.</summary>
    Disabled,
}
