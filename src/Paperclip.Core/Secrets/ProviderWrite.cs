namespace Paperclip.Core.Secrets;

/// <summary>
/// What a provider wrote: the version's material (ciphertext, or where the value lives), the secret's external
/// reference, the provider's version id and a fingerprint that is not a hash of the value.
/// </summary>
public sealed record ProviderWrite(string Material, string? ExternalRef, string? ProviderVersionRef, string Fingerprint);
