namespace Paperclip.Core.Domain;

/// <summary>An agent on the company's staff; it runs through its adapter.</summary>
public sealed record Agent(
    Guid Id,
    Guid CompanyId,
    string Name,
    AgentStatus Status,
    string AdapterType,
    ProcessAdapterConfig AdapterConfig,
    DateTimeOffset? LastHeartbeatAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The heartbeat policy (<c>runtimeConfig.heartbeat</c>).</summary>
    public HeartbeatPolicy Heartbeat { get; init; } = HeartbeatPolicy.Default;

    /// <summary>The environment runs execute in by default; null means the agent is deliberately local-only.</summary>
    public string? DefaultEnvironmentId { get; init; }

    /// <summary>Upstream's "not invokable" statuses: wakes are refused.</summary>
    public bool IsInvokable => this.Status is not (AgentStatus.Paused or AgentStatus.Terminated or AgentStatus.PendingApproval);
}
