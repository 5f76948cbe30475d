using Paperclip.Core.Secrets;

namespace Paperclip.Api;

/// <summary><c>GET …/secret-providers/health</c>: each provider's deployment-level health.</summary>
public sealed record ProvidersHealth(IReadOnlyList<ProviderHealth> Providers);

/// <summary>The answer of an action with nothing else to report (upstream's <c>{ok: true}</c>).</summary>
public sealed record Acknowledged(bool Ok);
