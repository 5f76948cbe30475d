using System.Text.Json.Serialization;

namespace Paperclip.Core.Policies.Workspaces;

/// <summary>The parts of a project's execution-workspace policy the resolution rules read.</summary>
public sealed record ProjectWorkspacePolicy(bool Enabled, ProjectWorkspaceMode? DefaultMode, [property: JsonConverter(typeof(EnvironmentSettingJsonConverter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] EnvironmentSetting EnvironmentId)
{
    /// <summary>How the project's isolated workspaces are realised (branch, place, provision and teardown commands).</summary>
    public WorkspaceStrategySettings? WorkspaceStrategy { get; init; }
}
