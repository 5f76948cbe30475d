using Paperclip.Core.Domain;
using Paperclip.Core.Validation;

namespace Paperclip.Core.Services.Agents;

/// <summary>
/// Reads <c>runtimeConfig.heartbeat</c> as upstream: <c>enabled</c> (default true), <c>intervalSec</c> (negative → 0),
/// <c>wakeOnDemand</c> (legacy aliases <c>wakeOnAssignment</c>, <c>wakeOnOnDemand</c>, <c>wakeOnAutomation</c>; the
/// first present wins), <c>maxConcurrentRuns</c> (clamped to 1–50). Missing keys keep the current policy.
/// </summary>
public static class RuntimeConfigParser
{
    static readonly string[] WakeOnDemandKeys = ["wakeOnDemand", "wakeOnAssignment", "wakeOnOnDemand", "wakeOnAutomation"];

    /// <summary>Parses; problems are reported on the body with <c>runtimeConfig.heartbeat.…</c> paths.</summary>
    public static HeartbeatPolicy Parse(RequestBody? runtimeConfig, HeartbeatPolicy current)
    {
        ArgumentNullException.ThrowIfNull(current);
        RequestBody? heartbeat = runtimeConfig?.Nested("heartbeat", required: false);
        if (heartbeat is null)
        {
            return current;
        }

        bool enabled = heartbeat.Flag("enabled") ?? current.Enabled;
        int? interval = heartbeat.Number("intervalSec", required: false, min: int.MinValue, max: 366 * 24 * 3600);
        bool wakeOnDemand = current.WakeOnDemand;
        bool seen = false;
        foreach (string key in WakeOnDemandKeys)
        {
            bool? value = heartbeat.Flag(key);
            if (value is { } v && !seen)
            {
                (wakeOnDemand, seen) = (v, true);
            }
        }

        int? concurrent = heartbeat.Number("maxConcurrentRuns", required: false, min: int.MinValue, max: int.MaxValue);
        return new HeartbeatPolicy(
            enabled,
            interval is { } i ? Math.Max(0, i) : current.IntervalSec,
            wakeOnDemand,
            concurrent is { } c ? Math.Clamp(c, HeartbeatPolicy.MinConcurrentRuns, HeartbeatPolicy.MaxConcurrentRunsLimit) : current.MaxConcurrentRuns);
    }
}
