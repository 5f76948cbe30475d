using Paperclip.Core.Domain.Secrets;

namespace Paperclip.Core.Secrets;

/// <summary>The answer of <c>POST …/secret-provider-configs/{id}/health</c>.</summary>
public sealed record VaultHealthReport(Guid ConfigId, string Provider, VaultHealthStatus Status, string Message, IReadOnlyDictionary<string, object?> Details, DateTimeOffset CheckedAt);
