namespace Paperclip.Core.Domain;

/// <summary>
/// A running host instance (a self-host process or a Functions worker) that may own agent processes. Renewed while
/// the host lives; a run whose host's lease expired or stopped has lost its process.
/// </summary>
public sealed record HostLease(string HostId, string MachineName, int ProcessId, DateTimeOffset StartedAt, DateTimeOffset RenewedAt, DateTimeOffset ExpiresAt)
{
    /// <summary>When the host stopped gracefully (its processes were stopped and reported).</summary>
    public DateTimeOffset? StoppedAt { get; init; }

    /// <summary>True while the host is running and renewing.</summary>
    public bool IsLive(DateTimeOffset now) => this.StoppedAt is null && now < this.ExpiresAt;
}
