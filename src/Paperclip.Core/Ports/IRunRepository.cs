using Paperclip.Core.Domain;

namespace Paperclip.Core.Ports;

/// <summary>Heartbeat runs, company-scoped.</summary>
public interface IRunRepository
{
    /// <summary>Inserts a new run.</summary>
    Task CreateAsync(Run run, CancellationToken cancellationToken);

    /// <summary>Gets a run of the company, or null.</summary>
    Task<Versioned<Run>?> GetAsync(Guid companyId, Guid runId, CancellationToken cancellationToken);

    /// <summary>Lists the company's runs that match <paramref name="query"/>'s filters, newest first (the limit is the caller's).</summary>
    Task<IReadOnlyList<Run>> ListAsync(Guid companyId, RunQuery query, CancellationToken cancellationToken);

    /// <summary>The company's runs that are queued or running.</summary>
    Task<IReadOnlyList<Run>> ListActiveAsync(Guid companyId, CancellationToken cancellationToken);

    /// <summary>The agent's runs that are running (its agent process started), filtered in storage.</summary>
    Task<IReadOnlyList<Run>> ListRunningForAgentAsync(Guid companyId, Guid agentId, CancellationToken cancellationToken);

    /// <summary>Replaces the run if <paramref name="etag"/> still matches; else 409 concurrency_conflict.</summary>
    Task<string> UpdateAsync(Run run, string etag, CancellationToken cancellationToken);
}
