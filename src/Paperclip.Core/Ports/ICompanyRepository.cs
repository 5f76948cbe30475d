using Paperclip.Core.Domain;

namespace Paperclip.Core.Ports;

/// <summary>Companies. Issue prefixes are unique across companies.</summary>
public interface ICompanyRepository
{
    /// <summary>Reserves the prefix and inserts the company; returns false if the prefix is taken.</summary>
    Task<bool> TryCreateAsync(Company company, CancellationToken cancellationToken);

    /// <summary>Gets a company, or null.</summary>
    Task<Company?> GetAsync(Guid companyId, CancellationToken cancellationToken);

    /// <summary>The company that holds the issue prefix, or null.</summary>
    Task<Guid?> FindByIssuePrefixAsync(string issuePrefix, CancellationToken cancellationToken);

    /// <summary>Lists every company (board only).</summary>
    Task<IReadOnlyList<Company>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Takes the next issue number of the company. Concurrent callers never get the same number;
    /// a number taken by a request that later fails is skipped, never reused.
    /// </summary>
    Task<(int Number, string Prefix)> NextIssueNumberAsync(Guid companyId, CancellationToken cancellationToken);
}
