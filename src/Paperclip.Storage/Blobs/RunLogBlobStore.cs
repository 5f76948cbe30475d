using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Paperclip.Core.Ports;

namespace Paperclip.Storage.Blobs;

/// <summary>
/// Run logs as append blobs: container <c>{prefix}-run-logs</c>, blob <c>{companyId}/{runId}.log</c>. Append blobs
/// take ordered appends of up to 4 MiB each and can be read by range while still growing.
/// </summary>
public sealed class RunLogBlobStore : IRunLogStore
{
    /// <summary>The most one append may carry.</summary>
    public const int MaxAppendBytes = 4 * 1024 * 1024;

    readonly BlobContainerClient container;
    Task? created;

    /// <summary>Creates the store over a blob service; the container is created on first use.</summary>
    public RunLogBlobStore(BlobServiceClient service, string tablePrefix)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(tablePrefix);
        this.container = service.GetBlobContainerClient(tablePrefix.ToLowerInvariant() + "-run-logs");
    }

    /// <inheritdoc/>
    public async Task AppendAsync(Guid companyId, Guid runId, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await this.EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        AppendBlobClient blob = this.Blob(companyId, runId);
        await blob.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        for (int offset = 0; offset < data.Length; offset += MaxAppendBytes)
        {
            ReadOnlyMemory<byte> slice = data.Slice(offset, Math.Min(MaxAppendBytes, data.Length - offset));
            using MemoryStream block = new(slice.ToArray(), writable: false);
            await blob.AppendBlockAsync(block, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<(byte[] Data, long Length)> ReadAsync(Guid companyId, Guid runId, long offset, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        await this.EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        AppendBlobClient blob = this.Blob(companyId, runId);
        long length;
        try
        {
            length = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value.ContentLength;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return ([], 0);
        }

        if (offset >= length)
        {
            return ([], length);
        }

        long count = Math.Min(maxBytes, length - offset);
        BlobDownloadResult result = (await blob.DownloadContentAsync(new BlobDownloadOptions { Range = new HttpRange(offset, count) }, cancellationToken).ConfigureAwait(false)).Value;
        return (result.Content.ToArray(), length);
    }

    Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        // Created once per process; a failed attempt is not cached, so the next call tries again.
        Task task = this.created is { IsFaulted: false, IsCanceled: false } t ? t : this.created = this.container.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
        return task.WaitAsync(cancellationToken);
    }

    AppendBlobClient Blob(Guid companyId, Guid runId) => this.container.GetAppendBlobClient($"{companyId:D}/{runId:D}.log");
}
