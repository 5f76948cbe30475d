using System.Globalization;
using Azure.Data.Tables;
using Paperclip.Core.Domain;
using Paperclip.Core.Ports;

namespace Paperclip.Storage.Tables;

/// <summary>The audit log (partition = company id, row = inverted time + id, so the natural order is newest first).</summary>
public sealed class ActivityLogRepository(TableStore store) : IActivityLog
{
    readonly DocumentTable<ActivityLogEntry> table = new(store, TableNames.ActivityLog, "The activity entry");

    /// <inheritdoc/>
    public Task AppendAsync(ActivityLogEntry entry, CancellationToken cancellationToken)
    {
        string row = (DateTimeOffset.MaxValue.UtcTicks - entry.At.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "_" + Keys.Of(entry.Id);
        return this.table.InsertAsync(Keys.Of(entry.CompanyId), row, entry, null, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<ActivityLogEntry>> ListAsync(Guid companyId, int max, CancellationToken cancellationToken) =>
        this.table.QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {Keys.Of(companyId)}"), max, cancellationToken);
}
