using System.Text.Json.Serialization;

namespace Paperclip.Core.Policies.Workspaces;

/// <summary>The persisted config of a workspace that would be reused (<c>metadata.config</c> upstream).</summary>
public sealed record WorkspaceConfig([property: JsonConverter(typeof(EnvironmentSettingJsonConverter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] EnvironmentSetting EnvironmentId);
