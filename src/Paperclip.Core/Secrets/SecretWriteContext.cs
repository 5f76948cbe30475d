using Paperclip.Core.Domain.Secrets;

namespace Paperclip.Core.Secrets;

/// <summary>What a provider needs to write or link a secret version: whose it is and where it goes.</summary>
public sealed record SecretWriteContext(Guid CompanyId, Guid SecretId, string SecretKey, string SecretName, int Version, SecretVault? Vault);
