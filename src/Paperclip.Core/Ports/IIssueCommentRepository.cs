using Paperclip.Core.Domain;

namespace Paperclip.Core.Ports;

/// <summary>Issue comments, company-scoped.</summary>
public interface IIssueCommentRepository
{
    /// <summary>Inserts a comment.</summary>
    Task CreateAsync(IssueComment comment, CancellationToken cancellationToken);

    /// <summary>One comment of an issue, or null.</summary>
    Task<IssueComment?> GetAsync(Guid companyId, Guid issueId, Guid commentId, CancellationToken cancellationToken);

    /// <summary>Every comment of an issue, oldest first (by creation time, then id).</summary>
    Task<IReadOnlyList<IssueComment>> ListAsync(Guid companyId, Guid issueId, CancellationToken cancellationToken);
}
