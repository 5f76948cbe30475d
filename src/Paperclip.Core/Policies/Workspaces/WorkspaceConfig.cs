namespace Paperclip.Core.Policies.Workspaces;

/// <summary>The persisted config of a workspace that would be reused (<c>metadata.config</c> upstream).</summary>
public sealed record WorkspaceConfig(EnvironmentSetting EnvironmentId);
