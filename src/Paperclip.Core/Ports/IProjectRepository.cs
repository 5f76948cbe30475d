using Paperclip.Core.Domain;

namespace Paperclip.Core.Ports;

/// <summary>Projects, company-scoped.</summary>
public interface IProjectRepository
{
    /// <summary>Inserts a new project.</summary>
    Task CreateAsync(Project project, CancellationToken cancellationToken);

    /// <summary>Gets a project of the company, or null.</summary>
    Task<Project?> GetAsync(Guid companyId, Guid projectId, CancellationToken cancellationToken);

    /// <summary>Gets a project of the company with its ETag, or null.</summary>
    Task<Versioned<Project>?> GetVersionedAsync(Guid companyId, Guid projectId, CancellationToken cancellationToken);

    /// <summary>Replaces a project if it is still at <paramref name="etag"/>; returns the new ETag.</summary>
    Task<string> UpdateAsync(Project project, string etag, CancellationToken cancellationToken);

    /// <summary>Lists the company's projects.</summary>
    Task<IReadOnlyList<Project>> ListAsync(Guid companyId, CancellationToken cancellationToken);
}
