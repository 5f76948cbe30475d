namespace Paperclip.Core.Policies.Workspaces;

/// <summary>The environment a run executes in, where that came from, and a reuse conflict if any.</summary>
public sealed record EnvironmentResolution(string EnvironmentId, EnvironmentSource Source, EnvironmentConflict? Conflict);
