namespace Paperclip.Core.Policies.Workspaces;

/// <summary>Where a resolved environment came from (serialized lower case, as upstream).</summary>
public enum EnvironmentSource
{
    Workspace,
    Issue,
    Project,
    Agent,
    Default,
}
