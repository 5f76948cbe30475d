namespace Paperclip.Core.Domain;

/// <summary>
/// An agent's heartbeat policy (<c>runtimeConfig.heartbeat</c>, as upstream): timer wakes every
/// <see cref="IntervalSec"/> seconds when enabled and positive; on-demand wakes unless <see cref="WakeOnDemand"/> is off;
/// at most <see cref="MaxConcurrentRuns"/> runs at once (1–50).
/// </summary>
public sealed record HeartbeatPolicy(bool Enabled = true, int IntervalSec = 0, bool WakeOnDemand = true, int MaxConcurrentRuns = 1)
{
    /// <summary>Upstream's bounds for concurrent runs.</summary>
    public const int MinConcurrentRuns = 1;

    /// <summary>Upstream's bounds for concurrent runs.</summary>
    public const int MaxConcurrentRunsLimit = 50;

    /// <summary>The defaults (enabled, no interval, wake on demand, one run at a time).</summary>
    public static HeartbeatPolicy Default { get; } = new();

    /// <summary>True when timer wakes apply.</summary>
    public bool TimerActive => this.Enabled && this.IntervalSec > 0;
}
