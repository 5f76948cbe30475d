namespace Paperclip.Core.Domain;

/// <summary>Workspace operation phases. Upstream stores phases as free text; these are the ones a run writes.</summary>
public static class WorkspacePhases
{
    /// <summary>The workspace is picked or created.</summary>
    public const string WorktreePrepare = "worktree_prepare";

    /// <summary>The project strategy's provision command runs in a new worktree, before the agent starts.</summary>
    public const string WorkspaceProvision = "workspace_provision";

    /// <summary>The agent's command runs.</summary>
    public const string Execute = "execute";

    /// <summary>Changes are brought back; the barrier for dependents and accepts.</summary>
    public const string WorkspaceFinalize = "workspace_finalize";

    /// <summary>The strategy's teardown command runs when the workspace is archived.</summary>
    public const string WorkspaceTeardown = "workspace_teardown";

    /// <summary>An archived worktree's directory is removed from its repository.</summary>
    public const string WorktreeCleanup = "worktree_cleanup";

    /// <summary>The order phases run in; used to order a run's (or an archive's) operations deterministically.</summary>
    public static int Order(string phase) => phase switch
    {
        WorktreePrepare => 0,
        WorkspaceProvision => 1,
        Execute => 2,
        WorkspaceFinalize => 3,
        WorkspaceTeardown => 4,
        WorktreeCleanup => 5,
        _ => 6,
    };

    /// <summary>
    /// The archive's phases: they come after the workspace's last run and change nothing a dependent or an accept reads,
    /// so the finalize barrier looks past them (an archived workspace stays as finalized as its last run left it).
    /// </summary>
    public static bool IsArchivePhase(string phase) => phase is WorkspaceTeardown or WorktreeCleanup;
}
