using System.ComponentModel.DataAnnotations;

namespace Paperclip.Bridge;

/// <summary>The callback bridge's limits (section <c>Paperclip:Bridge</c>); upstream's defaults.</summary>
public sealed class BridgeOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Paperclip:Bridge";

    /// <summary>The largest request body an agent may send through the bridge (larger: 413).</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>How long the bridge waits for the API to answer a call.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan UpstreamTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a token is trusted between checks that its run still executes (and so still holds its workspace).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan LeaseCheckInterval { get; set; } = TimeSpan.FromSeconds(15);
}
