using System.Text.Json.Serialization;

namespace Paperclip.Core.Policies.Workspaces;

/// <summary>The parts of an issue's execution-workspace settings the resolution rules read.</summary>
public sealed record IssueWorkspaceSettings(IssueWorkspaceMode? Mode, [property: JsonConverter(typeof(EnvironmentSettingJsonConverter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] EnvironmentSetting EnvironmentId);
