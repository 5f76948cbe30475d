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
