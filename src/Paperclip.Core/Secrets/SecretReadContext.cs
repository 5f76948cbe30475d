using Paperclip.Core.Domain.Secrets;

namespace Paperclip.Core.Secrets;

/// <summary>What a provider needs to read, archive or delete one stored version.</summary>
public sealed record SecretReadContext(
    Guid CompanyId,
    Guid SecretId,
    string SecretKey,
    int Version,
    SecretManagedMode ManagedMode,
    string? Material,
    string? ExternalRef,
    string? ProviderVersionRef,
    SecretVault? Vault);
