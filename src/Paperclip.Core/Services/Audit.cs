using Paperclip.Core.Auth;
using Paperclip.Core.Domain;
using Paperclip.Core.Ports;

namespace Paperclip.Core.Services;

/// <summary>Writes audit entries for the services.</summary>
public sealed class Audit(IActivityLog log, TimeProvider time)
{
    /// <summary>Records that <paramref name="caller"/> did <paramref name="action"/> to an entity.</summary>
    public Task RecordAsync(Caller caller, Guid companyId, string action, string entityType, Guid entityId, CancellationToken cancellationToken) =>
        this.RecordAsync(caller, companyId, action, entityType, entityId, null, cancellationToken);

    /// <summary>Records that <paramref name="caller"/> did <paramref name="action"/> to an entity, with value-free details.</summary>
    public Task RecordAsync(Caller caller, Guid companyId, string action, string entityType, Guid entityId, IReadOnlyDictionary<string, object?>? details, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return log.AppendAsync(new ActivityLogEntry(Guid.CreateVersion7(), companyId, caller.ActorName, action, entityType, entityId, time.GetUtcNow()) { Details = details }, cancellationToken);
    }

    /// <summary>The company's newest entries first.</summary>
    public Task<IReadOnlyList<ActivityLogEntry>> ListAsync(Caller caller, Guid companyId, int max, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        caller.EnsureCompany(companyId);
        return log.ListAsync(companyId, max, cancellationToken);
    }
}
