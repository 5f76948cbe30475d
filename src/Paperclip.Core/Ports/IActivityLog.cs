using Paperclip.Core.Domain;

namespace Paperclip.Core.Ports;

/// <summary>The audit log, company-scoped.</summary>
public interface IActivityLog
{
    /// <summary>Appends an entry.</summary>
    Task AppendAsync(ActivityLogEntry entry, CancellationToken cancellationToken);

    /// <summary>The company's newest entries first.</summary>
    Task<IReadOnlyList<ActivityLogEntry>> ListAsync(Guid companyId, int max, CancellationToken cancellationToken);
}
