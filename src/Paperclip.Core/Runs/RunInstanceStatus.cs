namespace Paperclip.Core.Runs;

/// <summary>The durable engine's view of a run orchestration.</summary>
public sealed record RunInstanceStatus(string InstanceId, RunRuntimeStatus RuntimeStatus, DateTimeOffset CreatedAt, DateTimeOffset LastUpdatedAt, string? FailureMessage)
{
    /// <summary>True once the orchestration can do nothing more (completed, failed, canceled, terminated).</summary>
    public bool IsEnded => this.RuntimeStatus is RunRuntimeStatus.Completed or RunRuntimeStatus.Failed or RunRuntimeStatus.Canceled or RunRuntimeStatus.Terminated;
}

/// <summary>An orchestration's runtime status, as both hosts' engines name it.</summary>
public enum RunRuntimeStatus
{
    /// <summary>A status this version does not know.</summary>
    Unknown,

    /// <summary>Scheduled, not started.</summary>
    Pending,

    /// <summary>Running (or waiting for an event or a timer).</summary>
    Running,

    /// <summary>Suspended by an operator.</summary>
    Suspended,

    /// <summary>Continued as new.</summary>
    ContinuedAsNew,

    /// <summary>Completed.</summary>
    Completed,

    /// <summary>Failed.</summary>
    Failed,

    /// <summary>Canceled.</summary>
    Canceled,

    /// <summary>Terminated.</summary>
    Terminated,
}

/// <summary>Maps an engine's own status names (DTFx's and the Functions client's are the same) onto <see cref="RunRuntimeStatus"/>.</summary>
public static class RunRuntimeStatuses
{
    /// <summary>The status named <paramref name="name"/>, or <see cref="RunRuntimeStatus.Unknown"/>.</summary>
    public static RunRuntimeStatus Parse(string name) =>
        Enum.TryParse(name, ignoreCase: false, out RunRuntimeStatus status) && Enum.IsDefined(status) ? status : RunRuntimeStatus.Unknown;
}
