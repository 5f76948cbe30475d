namespace Paperclip.Core.Secrets;

/// <summary>
/// What a provider wrote: the version's material (ciphertext, or where the value lives), the secret's external
/// reference, the provider's version id and a fingerprint that is not a hash of the value.
/// </summary>
public sealed record ProviderWrite(string Material, string? ExternalRef, string? ProviderVersionRef, string Fingerprint)
{
    /// <summary>
    /// A write whose value lives in a vault: fingerprinted by <c>&lt;scheme&gt;:&lt;reference&gt;:&lt;version&gt;</c>
    /// (upstream's external-reference fingerprint), never by the value.
    /// </summary>
    public static ProviderWrite OfReference(string scheme, string material, string reference, string? version) =>
        new(material, reference, version, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{scheme}:{reference}:{version ?? string.Empty}"))));
}
