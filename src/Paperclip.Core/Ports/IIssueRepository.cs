using Paperclip.Core.Domain;

namespace Paperclip.Core.Ports;

/// <summary>Issues, company-scoped.</summary>
public interface IIssueRepository
{
    /// <summary>Inserts a new issue.</summary>
    Task CreateAsync(Issue issue, CancellationToken cancellationToken);

    /// <summary>Gets an issue of the company, or null.</summary>
    Task<Versioned<Issue>?> GetAsync(Guid companyId, Guid issueId, CancellationToken cancellationToken);

    /// <summary>The company an issue belongs to, or null for an unknown id (the paths without a company).</summary>
    Task<Guid?> FindCompanyAsync(Guid issueId, CancellationToken cancellationToken);

    /// <summary>The company's issue with that number (its identifier's digits), or null.</summary>
    Task<Issue?> FindByNumberAsync(Guid companyId, int issueNumber, CancellationToken cancellationToken);

    /// <summary>Lists the company's issues, optionally filtered (server-side) by status and assignee.</summary>
    Task<IReadOnlyList<Issue>> ListAsync(Guid companyId, IssueStatus? status, Guid? assigneeAgentId, CancellationToken cancellationToken);

    /// <summary>Replaces the issue if <paramref name="etag"/> still matches; else 409 concurrency_conflict.</summary>
    Task<string> UpdateAsync(Issue issue, string etag, CancellationToken cancellationToken);
}
