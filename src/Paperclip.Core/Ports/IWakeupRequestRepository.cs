using Paperclip.Core.Domain;

namespace Paperclip.Core.Ports;

/// <summary>Wakeup requests, company-scoped.</summary>
public interface IWakeupRequestRepository
{
    /// <summary>Inserts a wake.</summary>
    Task CreateAsync(WakeupRequest wake, CancellationToken cancellationToken);

    /// <summary>Replaces if <paramref name="etag"/> still matches; else 409 concurrency_conflict.</summary>
    Task<string> UpdateAsync(WakeupRequest wake, string etag, CancellationToken cancellationToken);

    /// <summary>Gets a wake of the company, or null.</summary>
    Task<Versioned<WakeupRequest>?> GetAsync(Guid companyId, Guid wakeId, CancellationToken cancellationToken);

    /// <summary>The issue's wakes with the given status, oldest first.</summary>
    Task<IReadOnlyList<WakeupRequest>> ListForIssueAsync(Guid companyId, Guid issueId, WakeupRequestStatus status, CancellationToken cancellationToken);

    /// <summary>The company's wakes with the given status.</summary>
    Task<IReadOnlyList<WakeupRequest>> ListByStatusAsync(Guid companyId, WakeupRequestStatus status, CancellationToken cancellationToken);

    /// <summary>The agent's most recent wakes, newest first.</summary>
    Task<IReadOnlyList<WakeupRequest>> ListForAgentAsync(Guid companyId, Guid agentId, int max, CancellationToken cancellationToken);
}
