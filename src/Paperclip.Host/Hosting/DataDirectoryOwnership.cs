using Paperclip.Storage.Azurite;

namespace Paperclip.Host.Hosting;

/// <summary>
/// What this host owns in its data directory: the directory's lock and, when it started one, its Azurite. Registered as
/// the first hosted service, so it stops last — after the durable worker drained — and a stopped host has released
/// both (a restart in the same process may take the directory again). Disposal covers a start that never ran.
/// </summary>
public sealed class DataDirectoryOwnership(DataDirectoryLock dataLock, AzuriteProcess? azurite) : IHostedService, IAsyncDisposable
{
    int released;

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public async Task StopAsync(CancellationToken cancellationToken) => await this.DisposeAsync().ConfigureAwait(false);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref this.released, 1) == 1)
        {
            return;
        }

        // Azurite first: it stops on the directory's files, which the lock keeps from a second host meanwhile.
        if (azurite is not null)
        {
            await azurite.DisposeAsync().ConfigureAwait(false);
        }

        dataLock.Dispose();
    }
}
