using Paperclip.Core.Domain;
using Paperclip.Core.Ports;

namespace Paperclip.Storage.Tables;

/// <summary>Agent key hashes (partition = company id, row = key id).</summary>
public sealed class AgentKeyRepository(TableStore store) : IAgentKeyRepository
{
    readonly DocumentTable<AgentApiKey> table = new(store, TableNames.AgentKeys, "The agent key");

    /// <inheritdoc/>
    public Task CreateAsync(AgentApiKey key, CancellationToken cancellationToken) =>
        this.table.InsertAsync(Keys.Of(key.CompanyId), Keys.Of(key.Id), key, null, cancellationToken);

    /// <inheritdoc/>
    public Task SaveAsync(AgentApiKey key, CancellationToken cancellationToken) =>
        this.table.UpsertAsync(Keys.Of(key.CompanyId), Keys.Of(key.Id), key, null, cancellationToken);

    /// <inheritdoc/>
    public async Task<AgentApiKey?> GetAsync(Guid companyId, Guid keyId, CancellationToken cancellationToken) =>
        (await this.table.GetAsync(Keys.Of(companyId), Keys.Of(keyId), cancellationToken).ConfigureAwait(false))?.Value;
}
