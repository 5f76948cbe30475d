using System.Security.Cryptography;
using System.Text;
using Paperclip.Core.Errors;
using Paperclip.Core.Ports;

namespace Paperclip.Storage.Tables;

/// <summary>
/// Wakeup idempotency keys (partition = company id, row = SHA-256 of the key: keys may hold characters row keys
/// cannot). The first insert wins; a lost race reads the winner.
/// </summary>
public sealed class WakeupReservationRepository(TableStore store) : IWakeupReservations
{
    readonly DocumentTable<Reservation> table = new(store, TableNames.WakeupReservations, "The wakeup idempotency key");

    /// <inheritdoc/>
    public async Task<Guid> ReserveAsync(Guid companyId, string idempotencyKey, Guid runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        string row = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)));
        try
        {
            await this.table.InsertAsync(Keys.Of(companyId), row, new Reservation(runId), null, cancellationToken).ConfigureAwait(false);
            return runId;
        }
        catch (PaperclipException ex) when (ex.Code == ErrorCodes.AlreadyExists)
        {
            return (await this.table.GetAsync(Keys.Of(companyId), row, cancellationToken).ConfigureAwait(false))!.Value.RunId;
        }
    }

    sealed record Reservation(Guid RunId);
}
