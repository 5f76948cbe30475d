namespace Paperclip.Storage;

/// <summary>
/// Whether storage is known to be unreachable: set when a call ran out of time or could not connect, cleared by the
/// next call storage answered. Health reads it, so an outage shows at once instead of after another timeout.
/// </summary>
public sealed class StorageOutage(TimeProvider time)
{
    long since = long.MinValue;

    /// <summary>When the outage was first seen, or null while storage answers.</summary>
    public DateTimeOffset? Since => Interlocked.Read(ref this.since) is long ticks && ticks != long.MinValue ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>Records a call storage did not answer (the first one dates the outage).</summary>
    public void Mark() => Interlocked.CompareExchange(ref this.since, time.GetUtcNow().UtcTicks, long.MinValue);

    /// <summary>Records an answered call.</summary>
    public void Clear() => Interlocked.Exchange(ref this.since, long.MinValue);
}
