using Azure.Data.Tables;
using Paperclip.Core.Domain;
using Paperclip.Core.Ports;

namespace Paperclip.Storage.Tables;

/// <summary>Agents (partition = company id, row = agent id).</summary>
public sealed class AgentRepository(TableStore store) : IAgentRepository
{
    readonly DocumentTable<Agent> table = new(store, TableNames.Agents, "The agent");

    /// <inheritdoc/>
    public Task CreateAsync(Agent agent, CancellationToken cancellationToken) =>
        this.table.InsertAsync(Keys.Of(agent.CompanyId), Keys.Of(agent.Id), agent, null, cancellationToken);

    /// <inheritdoc/>
    public Task<Versioned<Agent>?> GetAsync(Guid companyId, Guid agentId, CancellationToken cancellationToken) =>
        this.table.GetAsync(Keys.Of(companyId), Keys.Of(agentId), cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<Agent>> ListAsync(Guid companyId, CancellationToken cancellationToken) =>
        this.table.QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {Keys.Of(companyId)}"), null, cancellationToken);

    /// <inheritdoc/>
    public Task<string> UpdateAsync(Agent agent, string etag, CancellationToken cancellationToken) =>
        this.table.ReplaceAsync(Keys.Of(agent.CompanyId), Keys.Of(agent.Id), agent, etag, null, cancellationToken);
}
