using Paperclip.Core.Domain.Secrets;

namespace Paperclip.Core.Secrets;

/// <summary><c>GET …/secrets/{id}/usage</c>: who binds the secret, at which paths.</summary>
public sealed record SecretUsage(Guid SecretId, IReadOnlyList<SecretUsageBinding> Bindings);

/// <summary>One binding with its target's label, link and status.</summary>
public sealed record SecretUsageBinding(SecretBinding Binding, SecretUsageTarget Target);

/// <summary>A binding's target as the usage view shows it.</summary>
public sealed record SecretUsageTarget(string Type, string Id, string Label, string? Href, string? Status);
