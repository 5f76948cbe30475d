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
}
