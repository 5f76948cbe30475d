using Paperclip.Core.Domain;

namespace Paperclip.Core.Ports;

/// <summary>Agents, company-scoped.</summary>
public interface IAgentRepository
{
    /// <summary>Inserts a new agent.</summary>
    Task CreateAsync(Agent agent, CancellationToken cancellationToken);

    /// <summary>Gets an agent of the company, or null.</summary>
    Task<Versioned<Agent>?> GetAsync(Guid companyId, Guid agentId, CancellationToken cancellationToken);

    /// <summary>Lists the company's agents.</summary>
    Task<IReadOnlyList<Agent>> ListAsync(Guid companyId, CancellationToken cancellationToken);

    /// <summary>Replaces the agent if <paramref name="etag"/> still matches; else 409 concurrency_conflict.</summary>
    Task<string> UpdateAsync(Agent agent, string etag, CancellationToken cancellationToken);
}
