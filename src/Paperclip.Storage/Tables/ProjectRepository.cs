using Azure.Data.Tables;
using Paperclip.Core.Domain;
using Paperclip.Core.Ports;

namespace Paperclip.Storage.Tables;

/// <summary>Projects (partition = company id, row = project id).</summary>
public sealed class ProjectRepository(TableStore store) : IProjectRepository
{
    readonly DocumentTable<Project> table = new(store, TableNames.Projects, "The project");

    /// <inheritdoc/>
    public Task CreateAsync(Project project, CancellationToken cancellationToken) =>
        this.table.InsertAsync(Keys.Of(project.CompanyId), Keys.Of(project.Id), project, null, cancellationToken);

    /// <inheritdoc/>
    public async Task<Project?> GetAsync(Guid companyId, Guid projectId, CancellationToken cancellationToken) =>
        (await this.table.GetAsync(Keys.Of(companyId), Keys.Of(projectId), cancellationToken).ConfigureAwait(false))?.Value;

    /// <inheritdoc/>
    public Task<Versioned<Project>?> GetVersionedAsync(Guid companyId, Guid projectId, CancellationToken cancellationToken) =>
        this.table.GetAsync(Keys.Of(companyId), Keys.Of(projectId), cancellationToken);

    /// <inheritdoc/>
    public Task<string> UpdateAsync(Project project, string etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        return this.table.ReplaceAsync(Keys.Of(project.CompanyId), Keys.Of(project.Id), project, etag, null, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<Project>> ListAsync(Guid companyId, CancellationToken cancellationToken) =>
        this.table.QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {Keys.Of(companyId)}"), null, cancellationToken);
}
