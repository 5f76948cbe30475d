namespace Paperclip.Core.Ports;

/// <summary>
/// What an adapter gets to know about the run it executes. <see cref="ApiUrl"/> is the server's URL without
/// <c>/api</c> (<c>PAPERCLIP_API_URL</c>, as upstream gives it).
/// </summary>
public sealed record RunExecutionContext(Guid CompanyId, Guid RunId, Guid IssueId, Guid AgentId, string WorkingDirectory, string? ApiUrl)
{
    /// <summary>
    /// The run-scoped agent key the agent calls back with (<c>PAPERCLIP_API_KEY</c>). It exists only in memory and in
    /// the agent's environment, and is revoked when execute ends.
    /// </summary>
    public string? ApiKey { get; init; }

    /// <summary>
    /// Called by the adapter with the agent's process id once it started, so the control plane can find (and stop) an
    /// agent whose host died.
    /// </summary>
    public Func<int, CancellationToken, Task>? ProcessStarted { get; init; }

    /// <summary>
    /// The agent's bound secrets, resolved for this run (<c>adapterConfig.env</c> secret references, by variable name).
    /// They go only into the agent's environment.
    /// </summary>
    public IReadOnlyDictionary<string, Secrets.SecretValue> SecretEnvironment { get; init; } = new Dictionary<string, Secrets.SecretValue>();

    /// <summary>
    /// Where the command runs when not on this machine (a remote run's target, over the run's connection); null for the
    /// adapter's own target. <see cref="WorkingDirectory"/> is then a path on that box.
    /// </summary>
    public IExecutionTarget? Target { get; init; }

    /// <summary>
    /// How <see cref="ApiUrl"/> reaches the API from a remote box (<c>PAPERCLIP_API_BRIDGE_MODE</c>: <c>tunnel_v1</c> or
    /// <c>queue_v1</c>); null when the agent calls the API directly.
    /// </summary>
    public string? BridgeMode { get; init; }

    /// <summary>Why the run was woken (<c>PAPERCLIP_WAKE_REASON</c>).</summary>
    public string? WakeReason { get; init; }

    /// <summary>The comment that woke it, if one did (<c>PAPERCLIP_WAKE_COMMENT_ID</c>).</summary>
    public Guid? WakeCommentId { get; init; }

    /// <summary>Keeps the key out of logs and exception messages.</summary>
    public override string ToString() => $"RunExecutionContext {{ RunId = {this.RunId}, AgentId = {this.AgentId} }}";
}
