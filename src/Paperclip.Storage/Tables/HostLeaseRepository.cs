using Paperclip.Core.Domain;
using Paperclip.Core.Ports;

namespace Paperclip.Storage.Tables;

/// <summary>Host leases: one partition (hosts are few), row = host id. Only the host itself writes its row.</summary>
public sealed class HostLeaseRepository(TableStore store) : IHostLeaseRepository
{
    const string Partition = "hosts";
    readonly DocumentTable<HostLease> table = new(store, TableNames.HostLeases, "The host lease");

    /// <inheritdoc/>
    public Task WriteAsync(HostLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return this.table.UpsertAsync(Partition, lease.HostId, lease, null, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<HostLease?> GetAsync(string hostId, CancellationToken cancellationToken) =>
        (await this.table.GetAsync(Partition, hostId, cancellationToken).ConfigureAwait(false))?.Value;
}
