using Paperclip.Core.Domain;
using Paperclip.Core.Domain.Environments;

namespace Paperclip.Core.Ports;

/// <summary>Execution environments, company-scoped.</summary>
public interface IEnvironmentRepository
{
    /// <summary>Inserts a new environment.</summary>
    Task CreateAsync(ExecutionEnvironment environment, CancellationToken cancellationToken);

    /// <summary>Gets an environment of the company, or null.</summary>
    Task<Versioned<ExecutionEnvironment>?> GetAsync(Guid companyId, Guid environmentId, CancellationToken cancellationToken);

    /// <summary>Lists the company's environments.</summary>
    Task<IReadOnlyList<ExecutionEnvironment>> ListAsync(Guid companyId, CancellationToken cancellationToken);

    /// <summary>Replaces an environment if it is still at <paramref name="etag"/>; returns the new ETag.</summary>
    Task<string> UpdateAsync(ExecutionEnvironment environment, string etag, CancellationToken cancellationToken);

    /// <summary>Deletes an environment.</summary>
    Task DeleteAsync(Guid companyId, Guid environmentId, CancellationToken cancellationToken);
}
