namespace Paperclip.Core.Domain;

/// <summary>Agent statuses as upstream uses them (serialized snake_case).</summary>
public enum AgentStatus
{
    Active,
    Idle,
    Running,
    Error,
    Paused,
    Terminated,
    PendingApproval,
}
