using System.ComponentModel.DataAnnotations;

namespace Paperclip.Ssh;

/// <summary>How remote runs use their SSH environments (section <c>Paperclip:Ssh</c>).</summary>
public sealed class SshOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Paperclip:Ssh";

    /// <summary>
    /// How long finalize keeps trying to reach the box to bring a run's changes back (a dropped connection, a box that
    /// reboots) before it fails; the run's changes stay on the box until the retention sweep.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan FinalizeRetryWindow { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a run's directory on the box is kept when finalize could not remove it (it failed, or was refused).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan RunRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// The callback bridge runs on boxes get: <c>Auto</c> (the tunnel, or the queue when the server forbids forwarding),
    /// <c>Tunnel</c> or <c>Queue</c>.
    /// </summary>
    public Execution.BridgeMode Bridge { get; set; } = Execution.BridgeMode.Auto;

    /// <summary>
    /// How the sync's tar streams are compressed: <c>Auto</c> (zstd at level 1 when the box has <c>zstd</c>, which even a
    /// loopback link barely notices), <c>Zstd</c> or <c>None</c>.
    /// </summary>
    public Sync.TransferCompression Compression { get; set; } = Sync.TransferCompression.Auto;

    /// <summary>
    /// How often a run's connection is checked by a round trip on a channel. SSH.NET's keepalive only sends, so a frozen
    /// peer would otherwise go unnoticed; two checks without an answer end the connection (the run: <c>ssh_connection_lost</c>).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LivenessInterval { get; set; } = TimeSpan.FromSeconds(15);
}
