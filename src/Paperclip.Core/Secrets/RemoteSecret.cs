namespace Paperclip.Core.Secrets;

/// <summary>One secret listed from a remote vault for import: its reference, name and whitelisted metadata. Never a value.</summary>
public sealed record RemoteSecret(string ExternalRef, string Name, string? ProviderVersionRef, IReadOnlyDictionary<string, object?>? Metadata);
