using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Paperclip.Core;
using Paperclip.Core.Domain;
using Paperclip.Core.Errors;

namespace Paperclip.Storage.Tables;

/// <summary>
/// A table of JSON documents: the record is one <c>Doc</c> property (the product's JSON shape), plus the few
/// columns queries filter on. Writes are ETag-guarded; a lost race surfaces as 409 concurrency_conflict and an
/// existing key as 409 already_exists — never as a silent overwrite.
/// </summary>
internal sealed class DocumentTable<T>(TableStore store, string table, string what)
    where T : class
{
    const string DocProperty = "Doc";

    /// <summary>
    /// A table string property holds at most 64 KiB (32 Ki UTF-16 characters): a longer document is split over
    /// <c>Doc</c>, <c>Doc1</c>, … <c>Doc14</c> (an entity holds at most 1 MiB), and joined again on read.
    /// </summary>
    const int ChunkChars = 30_000;

    const int MaxChunks = 15;

    static readonly string[] DocProperties = [DocProperty, .. Enumerable.Range(1, MaxChunks - 1).Select(i => DocProperty + i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>Inserts; fails if the key exists.</summary>
    public async Task<string> InsertAsync(string partition, string row, T value, IReadOnlyDictionary<string, object?>? columns, CancellationToken cancellationToken)
    {
        TableClient client = await store.GetAsync(table, cancellationToken).ConfigureAwait(false);
        try
        {
            Response response = await client.AddEntityAsync(ToEntity(partition, row, value, columns), cancellationToken).ConfigureAwait(false);
            return response.Headers.ETag?.ToString() ?? string.Empty;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            throw PaperclipException.Conflict(ErrorCodes.AlreadyExists, $"{what} already exists.");
        }
    }

    /// <summary>Replaces if the ETag matches.</summary>
    public async Task<string> ReplaceAsync(string partition, string row, T value, string etag, IReadOnlyDictionary<string, object?>? columns, CancellationToken cancellationToken)
    {
        TableClient client = await store.GetAsync(table, cancellationToken).ConfigureAwait(false);
        try
        {
            Response response = await client.UpdateEntityAsync(ToEntity(partition, row, value, columns), new ETag(etag), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return response.Headers.ETag?.ToString() ?? string.Empty;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            throw PaperclipException.ConcurrencyConflict(what, ex);
        }
    }

    /// <summary>Inserts or replaces unconditionally: only for rows whose key makes the write idempotent.</summary>
    public async Task UpsertAsync(string partition, string row, T value, IReadOnlyDictionary<string, object?>? columns, CancellationToken cancellationToken)
    {
        TableClient client = await store.GetAsync(table, cancellationToken).ConfigureAwait(false);
        await client.UpsertEntityAsync(ToEntity(partition, row, value, columns), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gets a document with its ETag, or null.</summary>
    public async Task<Versioned<T>?> GetAsync(string partition, string row, CancellationToken cancellationToken)
    {
        TableClient client = await store.GetAsync(table, cancellationToken).ConfigureAwait(false);
        NullableResponse<TableEntity> response = await client.GetEntityIfExistsAsync<TableEntity>(partition, row, DocProperties, cancellationToken).ConfigureAwait(false);
        return response.HasValue ? new Versioned<T>(FromEntity(response.Value!), response.Value!.ETag.ToString()) : null;
    }

    /// <summary>Deletes a row if present.</summary>
    public async Task DeleteAsync(string partition, string row, CancellationToken cancellationToken)
    {
        TableClient client = await store.GetAsync(table, cancellationToken).ConfigureAwait(false);
        await client.DeleteEntityAsync(partition, row, ETag.All, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Queries documents with an OData filter (build it with <see cref="TableClient.CreateQueryFilter(FormattableString)"/>).</summary>
    public async Task<IReadOnlyList<T>> QueryAsync(string filter, int? max, CancellationToken cancellationToken)
    {
        TableClient client = await store.GetAsync(table, cancellationToken).ConfigureAwait(false);
        List<T> results = [];
        await foreach (TableEntity entity in client.QueryAsync<TableEntity>(filter, maxPerPage: max is { } m ? Math.Min(m, 1000) : null, select: DocProperties, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            results.Add(FromEntity(entity));
            if (results.Count == max)
            {
                break;
            }
        }

        return results;
    }

    static TableEntity ToEntity(string partition, string row, T value, IReadOnlyDictionary<string, object?>? columns)
    {
        string json = JsonSerializer.Serialize(value, PaperclipJson.Options);
        if (json.Length > ChunkChars * MaxChunks)
        {
            throw new InvalidOperationException($"A document of {json.Length} characters is too large for a table row; its producer must bound it.");
        }

        TableEntity entity = new(partition, row);
        for (int i = 0; i * ChunkChars < json.Length || i == 0; i++)
        {
            entity[DocProperties[i]] = json.Substring(i * ChunkChars, Math.Min(ChunkChars, json.Length - (i * ChunkChars)));
        }

        if (columns is not null)
        {
            foreach ((string key, object? column) in columns)
            {
                entity[key] = column;
            }
        }

        return entity;
    }

    static T FromEntity(TableEntity entity)
    {
        string json = entity.GetString(DocProperty);
        if (entity.ContainsKey(DocProperties[1]))
        {
            json = string.Concat(DocProperties.Select(p => entity.TryGetValue(p, out object? chunk) ? chunk as string : null).TakeWhile(c => c is not null));
        }

        return JsonSerializer.Deserialize<T>(json, PaperclipJson.Options)
            ?? throw new InvalidDataException($"Row {entity.PartitionKey}/{entity.RowKey} holds no document.");
    }
}
