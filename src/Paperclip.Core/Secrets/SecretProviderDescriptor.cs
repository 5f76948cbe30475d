namespace Paperclip.Core.Secrets;

/// <summary>What a provider can do here (upstream's descriptor, plus whether it can list for import).</summary>
public sealed record SecretProviderDescriptor(
    string Id,
    string Label,
    bool RequiresExternalRef,
    bool SupportsManagedValues,
    bool SupportsExternalReferences,
    bool Configured)
{
    /// <summary>True when remote import can list its secrets.</summary>
    public bool SupportsRemoteListing { get; init; }

    /// <summary>Listed but not runnable yet.</summary>
    public bool ComingSoon { get; init; }
}
