namespace Paperclip.Core.Secrets;

/// <summary>A page of remote secrets and the opaque token of the next page.</summary>
public sealed record RemoteSecretPage(IReadOnlyList<RemoteSecret> Secrets, string? NextToken);
