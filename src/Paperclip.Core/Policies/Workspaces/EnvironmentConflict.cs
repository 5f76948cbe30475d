namespace Paperclip.Core.Policies.Workspaces;

/// <summary>
/// The workspace that would be reused runs on a different environment than the assignee intends. Not an error:
/// the caller realises a fresh workspace on the intended environment instead of reusing silently.
/// </summary>
public sealed record EnvironmentConflict(string WorkspaceEnvironmentId, string AssigneeIntendedEnvironmentId, EnvironmentSource AssigneeIntendedSource)
{
    /// <summary>Upstream's reason code.</summary>
    public const string MismatchReason = "reused_workspace_environment_mismatch";

    /// <summary>The reason code (always <see cref="MismatchReason"/>; kept on the record so it serializes as upstream's).</summary>
    public string Reason { get; init; } = MismatchReason;
}
