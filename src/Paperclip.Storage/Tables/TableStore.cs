using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Paperclip.Core.Ports;

namespace Paperclip.Storage.Tables;

/// <summary>
/// Owns the table clients. Each table is created on first use (once per process), so neither host needs a
/// start-up step and a fresh storage account just works.
/// </summary>
public sealed class TableStore : IStorageHealth
{
    /// <summary>How long the health check waits for storage: it reports, it does not ride an outage out.</summary>
    static readonly TimeSpan HealthTimeout = TimeSpan.FromSeconds(3);

    readonly TableServiceClient service;
    readonly string prefix;
    readonly StorageOutage outage;
    readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> tables = new(StringComparer.Ordinal);

    /// <summary>Creates the store from options; every call is bounded by <see cref="TableStoreOptions.RequestTimeout"/>.</summary>
    public TableStore(IOptions<TableStoreOptions> options, StorageOutage outage)
    {
        TableStoreOptions o = options.Value;
        TableClientOptions clientOptions = new();
        new StorageDeadline(o.RequestTimeout, outage).Apply(clientOptions);
        this.service = o.ServiceUri is { } uri
            ? new TableServiceClient(uri, StorageCredentials.For(o), clientOptions)
            : new TableServiceClient(o.ConnectionString, clientOptions);
        this.prefix = o.TablePrefix;
        this.outage = outage;
    }

    /// <summary>The full name of a table under the configured prefix.</summary>
    public string FullName(string table) => this.prefix + table;

    /// <summary>Gets the client of a table, creating the table the first time.</summary>
    public Task<TableClient> GetAsync(string table, CancellationToken cancellationToken)
    {
        Lazy<Task<TableClient>> lazy = this.tables.GetOrAdd(table, name => new Lazy<Task<TableClient>>(() => this.CreateAsync(name)));
        Task<TableClient> task = lazy.Value;
        if (task.IsFaulted || task.IsCanceled)
        {
            // Don't cache a failure (storage may have been down for a moment); the next caller tries again.
            this.tables.TryUpdate(table, new Lazy<Task<TableClient>>(() => this.CreateAsync(table)), lazy);
        }

        return task.WaitAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        using CancellationTokenSource bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(HealthTimeout);
        try
        {
            TableClient companies = await this.GetAsync(TableNames.Companies, bounded.Token).ConfigureAwait(false);
            await foreach (Page<TableEntity>? page in companies.QueryAsync<TableEntity>(maxPerPage: 1, select: ["PartitionKey"], cancellationToken: bounded.Token).AsPages().ConfigureAwait(false))
            {
                _ = page;
                break;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Not answered within the health check's own bound: that is an outage too.
            this.outage.Mark();
            throw;
        }
    }

    /// <summary>Deletes every table of this prefix (test clean-up).</summary>
    public async Task DeleteAllAsync(CancellationToken cancellationToken)
    {
        foreach (string table in TableNames.All)
        {
            await this.service.DeleteTableAsync(this.FullName(table), cancellationToken).ConfigureAwait(false);
        }

        this.tables.Clear();
    }

    async Task<TableClient> CreateAsync(string table)
    {
        TableClient client = this.service.GetTableClient(this.FullName(table));
        await client.CreateIfNotExistsAsync().ConfigureAwait(false);
        return client;
    }
}
