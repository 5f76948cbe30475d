namespace Paperclip.Core.Domain.Secrets;

/// <summary>A provider vault's status (upstream's <c>SecretProviderConfigStatus</c>).</summary>
public enum VaultStatus
{
    /// <summary>Usable.</summary>
    Ready,

    /// <summary>Usable, flagged for attention.</summary>
    Warning,

    /// <summary>A provider whose runtime is not available yet: metadata only.</summary>
    ComingSoon,

    /// <summary>Switched off: secrets pinned to it neither resolve nor rotate.</summary>
    Disabled,
}
