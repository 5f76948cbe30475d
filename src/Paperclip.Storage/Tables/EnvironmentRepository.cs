using Azure.Data.Tables;
using Paperclip.Core.Domain;
using Paperclip.Core.Domain.Environments;
using Paperclip.Core.Ports;

namespace Paperclip.Storage.Tables;

/// <summary>Execution environments (partition = company id, row = environment id).</summary>
public sealed class EnvironmentRepository(TableStore store) : IEnvironmentRepository
{
    readonly DocumentTable<ExecutionEnvironment> table = new(store, TableNames.Environments, "The environment");

    /// <inheritdoc/>
    public Task CreateAsync(ExecutionEnvironment environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return this.table.InsertAsync(Keys.Of(environment.CompanyId), Keys.Of(environment.Id), environment, null, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<Versioned<ExecutionEnvironment>?> GetAsync(Guid companyId, Guid environmentId, CancellationToken cancellationToken) =>
        this.table.GetAsync(Keys.Of(companyId), Keys.Of(environmentId), cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<ExecutionEnvironment>> ListAsync(Guid companyId, CancellationToken cancellationToken) =>
        this.table.QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {Keys.Of(companyId)}"), null, cancellationToken);

    /// <inheritdoc/>
    public Task<string> UpdateAsync(ExecutionEnvironment environment, string etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return this.table.ReplaceAsync(Keys.Of(environment.CompanyId), Keys.Of(environment.Id), environment, etag, null, cancellationToken);
    }

    /// <inheritdoc/>
    public Task DeleteAsync(Guid companyId, Guid environmentId, CancellationToken cancellationToken) =>
        this.table.DeleteAsync(Keys.Of(companyId), Keys.Of(environmentId), cancellationToken);
}
