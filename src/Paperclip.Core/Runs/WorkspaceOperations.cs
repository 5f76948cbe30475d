namespace Paperclip.Core.Runs;

/// <summary>The workspace entity's operation names, for callers outside the durable code (signals from the API and heartbeat).</summary>
public static class WorkspaceOperations
{
    /// <summary>Put a woken run in line.</summary>
    public const string Enqueue = nameof(WorkspaceState.Enqueue);

    /// <summary>A run leaves (releases the workspace, or leaves the line).</summary>
    public const string Release = nameof(WorkspaceState.Release);
}
