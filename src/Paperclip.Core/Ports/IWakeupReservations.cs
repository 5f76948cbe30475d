namespace Paperclip.Core.Ports;

/// <summary>Idempotency keys of wakeups: the first request with a key reserves a run id; later ones get that run.</summary>
public interface IWakeupReservations
{
    /// <summary>
    /// Reserves <paramref name="idempotencyKey"/> for <paramref name="runId"/> in the company. Returns the run id that
    /// holds the key: <paramref name="runId"/> if this call reserved it, else the earlier request's run id.
    /// </summary>
    Task<Guid> ReserveAsync(Guid companyId, string idempotencyKey, Guid runId, CancellationToken cancellationToken);
}
