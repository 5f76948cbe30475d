namespace Paperclip.Core.Policies.Workspaces;

/// <summary>A project's default workspace mode (serialized snake_case, as upstream).</summary>
public enum ProjectWorkspaceMode
{
    SharedWorkspace,
    IsolatedWorkspace,
    OperatorBranch,
    AdapterDefault,
}
