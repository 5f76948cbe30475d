using Paperclip.Core.Domain;

namespace Paperclip.Core.Ports;

/// <summary>Agent API keys (hashes only), company-scoped.</summary>
public interface IAgentKeyRepository
{
    /// <summary>Inserts a key record.</summary>
    Task CreateAsync(AgentApiKey key, CancellationToken cancellationToken);

    /// <summary>Gets a key record of the company, or null.</summary>
    Task<AgentApiKey?> GetAsync(Guid companyId, Guid keyId, CancellationToken cancellationToken);

    /// <summary>Stores the key record as given (used to revoke).</summary>
    Task SaveAsync(AgentApiKey key, CancellationToken cancellationToken);
}
