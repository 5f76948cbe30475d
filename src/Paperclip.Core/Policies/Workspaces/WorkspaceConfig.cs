using System.Text.Json.Serialization;

namespace Paperclip.Core.Policies.Workspaces;

/// <summary>
/// The persisted config of a workspace (<c>metadata.config</c> upstream): the environment the resolution rules compare,
/// and the provision and teardown commands its project's strategy gave it.
/// </summary>
public sealed record WorkspaceConfig([property: JsonConverter(typeof(EnvironmentSettingJsonConverter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] EnvironmentSetting EnvironmentId)
{
    /// <summary>Run in the workspace's worktree when it is created, before the agent starts.</summary>
    public string? ProvisionCommand { get; init; }

    /// <summary>Run in the workspace when it is archived.</summary>
    public string? TeardownCommand { get; init; }
}
