namespace Paperclip.Core.Domain;

/// <summary>Workspace operation phases. Upstream stores phases as free text; these are the ones a run writes.</summary>
public static class WorkspacePhases
{
    /// <summary>The workspace is picked or created.</summary>
    public const string WorktreePrepare = "worktree_prepare";

    /// <summary>The agent's command runs.</summary>
    public const string Execute = "execute";

    /// <summary>Changes are brought back; the barrier for dependents and accepts.</summary>
    public const string WorkspaceFinalize = "workspace_finalize";

    /// <summary>The order phases run in; used to order a run's operations deterministically.</summary>
    public static int Order(string phase) => phase switch
    {
        WorktreePrepare => 0,
        Execute => 1,
        WorkspaceFinalize => 2,
        _ => 3,
    };
}
