using Paperclip.Core.Domain;

namespace Paperclip.Core.Ports;

/// <summary>Execution workspaces, company-scoped.</summary>
public interface IExecutionWorkspaceRepository
{
    /// <summary>Gets a workspace of the company, or null.</summary>
    Task<Versioned<ExecutionWorkspace>?> GetAsync(Guid companyId, Guid workspaceId, CancellationToken cancellationToken);

    /// <summary>Inserts; 409 already_exists when the id is taken.</summary>
    Task CreateAsync(ExecutionWorkspace workspace, CancellationToken cancellationToken);

    /// <summary>Replaces if <paramref name="etag"/> still matches; else 409 concurrency_conflict.</summary>
    Task<string> UpdateAsync(ExecutionWorkspace workspace, string etag, CancellationToken cancellationToken);

    /// <summary>The company's workspaces.</summary>
    Task<IReadOnlyList<ExecutionWorkspace>> ListAsync(Guid companyId, CancellationToken cancellationToken);
}
