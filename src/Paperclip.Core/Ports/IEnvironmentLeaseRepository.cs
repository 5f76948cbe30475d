using Paperclip.Core.Domain;
using Paperclip.Core.Domain.Environments;

namespace Paperclip.Core.Ports;

/// <summary>Environment leases, company-scoped.</summary>
public interface IEnvironmentLeaseRepository
{
    /// <summary>Writes a lease (its id is derived from its run, so writing it again is harmless).</summary>
    Task SaveAsync(EnvironmentLease lease, CancellationToken cancellationToken);

    /// <summary>Gets a lease of the company, or null.</summary>
    Task<Versioned<EnvironmentLease>?> GetAsync(Guid companyId, Guid leaseId, CancellationToken cancellationToken);

    /// <summary>Lists an environment's leases.</summary>
    Task<IReadOnlyList<EnvironmentLease>> ListForEnvironmentAsync(Guid companyId, Guid environmentId, CancellationToken cancellationToken);
}
