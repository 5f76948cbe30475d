namespace Paperclip.Runs.Orchestration;

/// <summary>External event names a run orchestration waits for.</summary>
public static class RunEvents
{
    /// <summary>Raised to a queued run when the workspace admits it.</summary>
    public const string Admitted = "admitted";

    /// <summary>Raised by the watcher when the agent's process ended (or by the heartbeat when it was lost).</summary>
    public const string Exited = "exited";

    /// <summary>Raised to a run waiting for one of its agent's slots (maxConcurrentRuns) when it gets one.</summary>
    public const string SlotGranted = "slot_granted";
}
