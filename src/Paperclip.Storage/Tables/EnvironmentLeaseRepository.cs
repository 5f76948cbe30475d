using Azure.Data.Tables;
using Paperclip.Core.Domain;
using Paperclip.Core.Domain.Environments;
using Paperclip.Core.Ports;

namespace Paperclip.Storage.Tables;

/// <summary>Environment leases (partition = company id, row = lease id; the environment id a column its list filters on).</summary>
public sealed class EnvironmentLeaseRepository(TableStore store) : IEnvironmentLeaseRepository
{
    readonly DocumentTable<EnvironmentLease> table = new(store, TableNames.EnvironmentLeases, "The environment lease");

    /// <inheritdoc/>
    public Task SaveAsync(EnvironmentLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return this.table.UpsertAsync(Keys.Of(lease.CompanyId), Keys.Of(lease.Id), lease,
            new Dictionary<string, object?> { ["EnvironmentId"] = Keys.Of(lease.EnvironmentId) }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<Versioned<EnvironmentLease>?> GetAsync(Guid companyId, Guid leaseId, CancellationToken cancellationToken) =>
        this.table.GetAsync(Keys.Of(companyId), Keys.Of(leaseId), cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<EnvironmentLease>> ListForEnvironmentAsync(Guid companyId, Guid environmentId, CancellationToken cancellationToken) =>
        this.table.QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {Keys.Of(companyId)} and EnvironmentId eq {Keys.Of(environmentId)}"), null, cancellationToken);
}
