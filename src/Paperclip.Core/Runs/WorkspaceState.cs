namespace Paperclip.Core.Runs;

/// <summary>
/// State of one execution workspace's serializer: the admitted run and the runs waiting, in order.
/// Mutable because the durable entity runtime (de)serializes it in place.
/// </summary>
public sealed class WorkspaceState
{
    /// <summary>The run that holds the workspace, or null when it is free.</summary>
    public string? ActiveRunId { get; set; }

    /// <summary>Runs waiting for the workspace, first come first served.</summary>
    public List<string> Queue { get; set; } = [];

    /// <summary>The last run that released the workspace.</summary>
    public string? LastReleasedRunId { get; set; }

    /// <summary>How many runs this workspace admitted in total.</summary>
    public long AdmittedCount { get; set; }
}
