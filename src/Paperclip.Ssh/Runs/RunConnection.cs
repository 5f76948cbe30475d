using Microsoft.Extensions.Logging;
using Paperclip.Ssh.Sync;
using Renci.SshNet;

namespace Paperclip.Ssh.Runs;

/// <summary>
/// A run's one SSH connection (H-S7): prepare's sync, execute's channels and finalize's fetch all use it. SSH.NET's
/// keepalive only sends, so a frozen peer (a box that stopped answering without closing the socket) would leave every
/// channel waiting for ever: a round trip on a channel of its own checks the peer every interval, and two checks
/// without an answer disconnect, which fails whatever waits on the connection (execute: <c>ssh_connection_lost</c>).
/// </summary>
internal sealed class RunConnection : IDisposable
{
    readonly CancellationTokenSource stop = new();
    readonly CancellationTokenSource lost = new();
    readonly Task monitor;
    TransferCodec? codec;

    internal RunConnection(SshConnection connection, Guid runId, string target, TimeSpan liveness, ILogger logger, TimeProvider time)
    {
        this.Connection = connection;
        this.Lost = this.lost.Token;
        this.monitor = this.MonitorAsync(runId, target, liveness, logger, time, this.stop.Token);
    }

    /// <summary>The connection.</summary>
    internal SshConnection Connection { get; }

    /// <summary>
    /// Cancelled when the liveness checks gave the box up: SSH.NET does not end the operations in flight when the
    /// connection is closed from this side, so they wait on this too.
    /// </summary>
    internal CancellationToken Lost { get; }

    /// <summary>The client, for the run's operations.</summary>
    internal SshClient Client => this.Connection.Client;

    /// <summary>True while the connection is up.</summary>
    internal bool IsConnected => this.Connection.Client.IsConnected;

    /// <summary>The codec of this connection's tar streams, asked of the box once (is <c>zstd</c> on its PATH?).</summary>
    internal async Task<TransferCodec> CodecAsync(TransferCompression setting, CancellationToken cancellationToken)
    {
        if (this.codec is { } known)
        {
            return known;
        }

        bool boxHasZstd = setting == TransferCompression.Auto
            && (await RemoteCommand.RunAsync(this.Client, "if command -v zstd >/dev/null 2>&1; then echo zstd; fi", null, cancellationToken).ConfigureAwait(false)).Trim() == "zstd";
        this.codec = TransferCodecs.Choose(setting, boxHasZstd);
        return this.codec.Value;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        this.stop.Cancel();
        this.Connection.Dispose();
        this.stop.Dispose();
        this.lost.Dispose();
        _ = this.monitor;
    }

    async Task MonitorAsync(Guid runId, string target, TimeSpan interval, ILogger logger, TimeProvider time, CancellationToken stop)
    {
        SshClient client = this.Client;
        int unanswered = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, time, stop).ConfigureAwait(false);
                using CancellationTokenSource bounded = CancellationTokenSource.CreateLinkedTokenSource(stop);
                bounded.CancelAfter(interval * 2);
                await RemoteCommand.RunAsync(client, "exit 0", null, bounded.Token).ConfigureAwait(false);
                unanswered = 0;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception) when (!client.IsConnected)
            {
                // Gone already: whatever uses the connection hears of it.
                return;
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or Renci.SshNet.Common.SshException or InvalidOperationException)
            {
                if (++unanswered >= 2)
                {
                    Log.PeerFrozen(logger, runId, target);
                    try
                    {
                        await this.lost.CancelAsync().ConfigureAwait(false);
                        client.Disconnect();
                    }
                    catch (Exception disconnect) when (disconnect is Renci.SshNet.Common.SshException or IOException or ObjectDisposedException or InvalidOperationException)
                    {
                        // Closing a broken connection may fail; it is closed either way.
                    }

                    return;
                }
            }
        }
    }
}
