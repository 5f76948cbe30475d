namespace Paperclip.Core.Domain;

/// <summary>Upstream's terms for a run whose process (here: its agent's host, or its orchestration) vanished.</summary>
public static class ProcessLost
{
    /// <summary>The run's error code.</summary>
    public const string Code = "process_lost";

    /// <summary>The run's error message.</summary>
    public const string Message = "Process lost -- server may have restarted";

    /// <summary>The wake reason of the one automatic retry.</summary>
    public const string RetryReason = "process_lost_retry";
}
