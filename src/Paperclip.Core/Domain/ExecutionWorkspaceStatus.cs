namespace Paperclip.Core.Domain;

/// <summary>Lifecycle of an execution workspace.</summary>
public enum ExecutionWorkspaceStatus
{
    /// <summary>In use.</summary>
    Active,

    /// <summary>Realising it on disk failed; the next run tries again.</summary>
    CleanupFailed,

    /// <summary>No longer used.</summary>
    Archived,
}
