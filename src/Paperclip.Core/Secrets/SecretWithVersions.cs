using Paperclip.Core.Domain.Secrets;

namespace Paperclip.Core.Secrets;

/// <summary>A secret with its versions, oldest first.</summary>
public sealed record SecretWithVersions(CompanySecret Secret, IReadOnlyList<SecretVersion> Versions);
