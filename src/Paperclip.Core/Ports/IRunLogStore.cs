namespace Paperclip.Core.Ports;

/// <summary>
/// The output of runs: one append-only log per run, read by byte offset. Appends from one writer arrive in order;
/// readers may read while the run is still writing.
/// </summary>
public interface IRunLogStore
{
    /// <summary>Appends bytes to the run's log (creating it on first use).</summary>
    Task AppendAsync(Guid companyId, Guid runId, ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>
    /// Reads up to <paramref name="maxBytes"/> from <paramref name="offset"/>. Returns the bytes and the log's current
    /// length (0 and an empty buffer when the run has written nothing yet).
    /// </summary>
    Task<(byte[] Data, long Length)> ReadAsync(Guid companyId, Guid runId, long offset, int maxBytes, CancellationToken cancellationToken);
}
