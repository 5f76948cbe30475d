namespace Paperclip.Core.Domain;

/// <summary>Heartbeat run statuses (serialized snake_case).</summary>
public enum RunStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
    TimedOut,
}

/// <summary>What a run's status says about it.</summary>
public static class RunStatusExtensions
{
    /// <summary>True once the run has ended: succeeded, failed, cancelled or timed out.</summary>
    public static bool IsTerminal(this RunStatus status) => status is RunStatus.Succeeded or RunStatus.Failed or RunStatus.Cancelled or RunStatus.TimedOut;
}
