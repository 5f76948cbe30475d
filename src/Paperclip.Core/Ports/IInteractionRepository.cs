using Paperclip.Core.Domain;

namespace Paperclip.Core.Ports;

/// <summary>Issue-thread interactions, company-scoped.</summary>
public interface IInteractionRepository
{
    /// <summary>Inserts; 409 already_exists when the id is taken (ids derived from idempotency keys collide on purpose).</summary>
    Task CreateAsync(Interaction interaction, CancellationToken cancellationToken);

    /// <summary>Gets an interaction of the company, or null.</summary>
    Task<Versioned<Interaction>?> GetAsync(Guid companyId, Guid interactionId, CancellationToken cancellationToken);

    /// <summary>The issue's interactions, oldest first.</summary>
    Task<IReadOnlyList<Interaction>> ListForIssueAsync(Guid companyId, Guid issueId, CancellationToken cancellationToken);

    /// <summary>Replaces if the ETag matches; else 409 concurrency_conflict.</summary>
    Task<string> UpdateAsync(Interaction interaction, string etag, CancellationToken cancellationToken);
}
