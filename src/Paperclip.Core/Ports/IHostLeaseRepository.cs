using Paperclip.Core.Domain;

namespace Paperclip.Core.Ports;

/// <summary>Liveness records of host instances (not company data: hosts serve every company).</summary>
public interface IHostLeaseRepository
{
    /// <summary>Writes the host's lease (insert or replace; only the host itself writes its row).</summary>
    Task WriteAsync(HostLease lease, CancellationToken cancellationToken);

    /// <summary>Gets a host's lease, or null when the host never registered (or its row was removed).</summary>
    Task<HostLease?> GetAsync(string hostId, CancellationToken cancellationToken);
}
