namespace Paperclip.Core.Services.Runs;

/// <summary>Wake sources and reasons as upstream names them.</summary>
public static class WakeSources
{
    /// <summary>An operator or agent asked for it.</summary>
    public const string OnDemand = "on_demand";

    /// <summary>The issue was assigned to the agent.</summary>
    public const string Assignment = "assignment";

    /// <summary>The heartbeat scheduler: the agent's interval elapsed.</summary>
    public const string Timer = "timer";

    /// <summary>The wake reason of timer wakes.</summary>
    public const string HeartbeatTimer = "heartbeat_timer";

    /// <summary>The control plane decided (for example a dependency resolved).</summary>
    public const string Automation = "automation";

    /// <summary>The wake reason when an issue's blockers are all done and finalized.</summary>
    public const string IssueBlockersResolved = "issue_blockers_resolved";

    /// <summary>The wake reason when every direct child of an issue is terminal and finalized.</summary>
    public const string IssueChildrenCompleted = "issue_children_completed";
}
