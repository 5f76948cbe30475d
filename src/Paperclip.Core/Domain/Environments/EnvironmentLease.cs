using System.Text.Json;

namespace Paperclip.Core.Domain.Environments;

/// <summary>A lease's state (upstream's <c>environment_leases.status</c>).</summary>
public enum EnvironmentLeaseStatus
{
    /// <summary>The run holds the environment.</summary>
    Active,

    /// <summary>The run finished and gave it back.</summary>
    Released,

    /// <summary>Never given back (its run was lost) and swept.</summary>
    Expired,

    /// <summary>The run failed or timed out.</summary>
    Failed,
}

/// <summary>What became of the run's traces on the environment (its directory on an SSH box).</summary>
public enum EnvironmentLeaseCleanup
{
    /// <summary>Not done yet.</summary>
    Pending,

    /// <summary>Removed.</summary>
    Success,

    /// <summary>Left there (finalize failed or the merge was refused): the box's retention sweep removes it.</summary>
    Failed,
}

/// <summary>
/// One run's use of an environment (upstream's <c>environment_leases</c> row): taken when prepare chose it, given back at
/// finalize. Leases outlive their environment (upstream cascades them away, losing the audit trail, H-E2): they are
/// the record of which runs used which box.
/// </summary>
public sealed record EnvironmentLease(
    Guid Id,
    Guid CompanyId,
    Guid EnvironmentId,
    Guid? ExecutionWorkspaceId,
    Guid? IssueId,
    Guid? HeartbeatRunId,
    EnvironmentLeaseStatus Status,
    DateTimeOffset AcquiredAt,
    DateTimeOffset LastUsedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Upstream's only policy.</summary>
    public string LeasePolicy { get; init; } = "ephemeral";

    /// <summary>The environment's driver (<c>local</c>, <c>ssh</c>).</summary>
    public string? Provider { get; init; }

    /// <summary>The provider's own id for the lease (for SSH: the run's directory on the box).</summary>
    public string? ProviderLeaseId { get; init; }

    /// <summary>When an active lease would be swept.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>When the run gave it back.</summary>
    public DateTimeOffset? ReleasedAt { get; init; }

    /// <summary>Why the run failed, for a failed lease.</summary>
    public string? FailureReason { get; init; }

    /// <summary>What became of the run's traces on the environment.</summary>
    public EnvironmentLeaseCleanup? CleanupStatus { get; init; }

    /// <summary>Free-form details.</summary>
    public JsonElement? Metadata { get; init; }
}
