namespace Paperclip.Core.Domain;

/// <summary>Configuration of the <c>process</c> adapter: a command and its arguments, run in the workspace.</summary>
public sealed record ProcessAdapterConfig(string Command, IReadOnlyList<string> Args, int? TimeoutSec)
{
    /// <summary>
    /// Environment variables the agent gets (upstream's <c>adapterConfig.env</c>: plain values and secret references),
    /// on top of the sanitized base (PATH, HOME, LANG) and below the run's <c>PAPERCLIP_*</c> context, which they
    /// cannot override. References resolve when the run executes, only into the agent's process.
    /// </summary>
    public IReadOnlyDictionary<string, EnvBinding>? Env { get; init; }

    /// <summary>
    /// Seconds the agent gets to end after it is asked to stop (cancel, timeout, host stop) before it is forced, as
    /// upstream's <c>graceSec</c>; null for the default.
    /// </summary>
    public int? GraceSec { get; init; }

    /// <summary>Upstream's default <c>graceSec</c>.</summary>
    public const int DefaultGraceSec = 20;

    /// <summary>The stop grace in force: at least a second, as upstream (<c>max(1, graceSec)</c>).</summary>
    public TimeSpan StopGrace() => TimeSpan.FromSeconds(Math.Max(1, this.GraceSec ?? DefaultGraceSec));
}
