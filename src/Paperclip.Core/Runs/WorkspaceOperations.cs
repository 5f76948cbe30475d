namespace Paperclip.Core.Runs;

/// <summary>The workspace entity's operation names, for callers outside the durable code (signals from the API and heartbeat).</summary>
public static class WorkspaceOperations
{
    /// <summary>Put a woken run in line.</summary>
    public const string Enqueue = nameof(WorkspaceState.Enqueue);

    /// <summary>A run leaves (releases the workspace, or leaves the line).</summary>
    public const string Release = nameof(WorkspaceState.Release);

    /// <summary>Extend a live holder's lease.</summary>
    public const string Renew = nameof(WorkspaceState.Renew);

    /// <summary>Release a vanished holder whose lease lapsed.</summary>
    public const string ReleaseExpired = nameof(WorkspaceState.ReleaseExpired);

    /// <summary>Register a dependent issue waiting for finalize.</summary>
    public const string AddFinalizeWaiter = nameof(WorkspaceState.AddFinalizeWaiter);
}
