namespace Paperclip.Core.Policies.Workspaces;

/// <summary>How an issue chooses its execution workspace (serialized snake_case, as upstream).</summary>
public enum IssueWorkspaceMode
{
    Inherit,
    SharedWorkspace,
    IsolatedWorkspace,
    OperatorBranch,
    ReuseExisting,
    AgentDefault,
}
