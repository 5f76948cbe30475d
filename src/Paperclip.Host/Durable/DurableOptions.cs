using System.ComponentModel.DataAnnotations;

namespace Paperclip.Host.Durable;

/// <summary>The self-host's Durable Task Framework settings (section <c>Paperclip:Durable</c>).</summary>
public sealed class DurableOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Paperclip:Durable";

    /// <summary>
    /// The task hub. Two workers on one hub share (and steal) work, so every deployment and test run needs its own.
    /// Letters and digits, 3–45 characters, as the Azure Storage backend requires.
    /// </summary>
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,44}$")]
    public string TaskHubName { get; set; } = "PaperclipHub";

    /// <summary>Control-queue partitions; few on one machine.</summary>
    [Range(1, 16)]
    public int PartitionCount { get; set; } = 2;

    /// <summary>The longest an idle queue waits between polls (the backend's default, 30 s, makes an idle hub slow to react).</summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a dequeued work item stays invisible; after a crash it reappears after this.</summary>
    public TimeSpan WorkItemQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a control-queue message a worker took but did not finish stays invisible. The backend's default (5 min)
    /// is how long a run could sit after a worker stopped with messages prefetched; episodes take milliseconds, so 1 min
    /// is ample.
    /// </summary>
    public TimeSpan ControlQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Partition lease length; a dead worker's partitions move to a live one after about this.</summary>
    public TimeSpan LeaseInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a graceful shutdown waits for in-flight work to drain.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
