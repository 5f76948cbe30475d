using System.Net.Sockets;
using System.Text;
using Paperclip.Core.Domain.Environments;
using Paperclip.Core.Secrets;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Paperclip.Ssh;

/// <summary>A connected client, and the host key it accepted.</summary>
/// <param name="Client">The connection (the caller disposes it).</param>
/// <param name="HostKey">The server's key blob.</param>
/// <param name="NewlyTrusted">True when the key was unknown and accepted because the caller asked to trust it.</param>
public sealed record SshConnection(SshClient Client, byte[] HostKey, bool NewlyTrusted) : IDisposable
{
    /// <summary>The key's fingerprint (<c>SHA256:…</c>).</summary>
    public string Fingerprint => KnownHosts.Fingerprint(this.HostKey);

    /// <inheritdoc/>
    public void Dispose() => this.Client.Dispose();
}

/// <summary>
/// Opens SSH connections with the environment's rules: the key only from memory (a stream over the secret, never a
/// file, H-S2), the host key checked against the environment's own known_hosts (never the server's, H-S1) — unknown is
/// refused under strict checking unless the operator trusts it, a mismatch always — a bounded connect, and keepalives.
/// No agent, no agent forwarding, no password or keyboard-interactive authentication.
/// </summary>
public static class SshConnector
{
    /// <summary>The connect timeout (upstream's probe used ≈ 5 s).</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Connects; throws <see cref="SshConnectException"/> with a stable code.</summary>
    public static async Task<SshConnection> ConnectAsync(SshEnvironmentConfig config, SecretValue? privateKey, bool trustUnknownHostKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        Dictionary<string, object?> where = new() { ["host"] = config.Host, ["port"] = config.Port, ["username"] = config.Username };
        if (privateKey is null)
        {
            throw new SshConnectException("auth_failed", "The environment has no private key (set privateKey).", where);
        }

        PrivateKeyFile key;
        try
        {
            // The stream overload: every string overload of PrivateKeyFile takes a file path.
            key = new PrivateKeyFile(new MemoryStream(Encoding.UTF8.GetBytes(privateKey.Reveal())));
        }
        catch (Exception ex) when (ex is SshException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            throw new SshConnectException("auth_failed", ex is SshPassPhraseNullOrEmptyException
                ? "The private key is protected by a passphrase; store an unencrypted key."
                : "The private key could not be read (OpenSSH, PEM, PKCS#8 or PuTTY ed25519, ECDSA or RSA keys are supported).", where);
        }

        PrivateKeyConnectionInfo info = new(config.Host, config.Port, config.Username, key) { Timeout = ConnectTimeout };
        SshClient client = new(info) { KeepAliveInterval = TimeSpan.FromSeconds(15) };
        byte[]? presented = null;
        SshConnectException? refused = null;
        bool newlyTrusted = false;
        client.HostKeyReceived += (_, e) =>
        {
            presented = e.HostKey;
            (HostKeyVerdict verdict, IReadOnlyList<string> expected) = KnownHosts.Check(config.KnownHosts, config.Host, config.Port, e.HostKey);
            string fingerprint = KnownHosts.Fingerprint(e.HostKey);
            switch (verdict)
            {
                case HostKeyVerdict.Known:
                    e.CanTrust = true;
                    break;
                case HostKeyVerdict.Mismatch:
                    e.CanTrust = false;
                    refused = new SshConnectException("host_key_mismatch",
                        $"The host key of {config.Host}:{config.Port} does not match the pinned one (presented {fingerprint}; expected {string.Join(", ", expected)}).",
                        new Dictionary<string, object?>(where) { ["presentedFingerprint"] = fingerprint, ["expectedFingerprints"] = expected });
                    break;
                default:
                    e.CanTrust = trustUnknownHostKey || !config.StrictHostKeyChecking;
                    newlyTrusted = trustUnknownHostKey && config.StrictHostKeyChecking;
                    if (!e.CanTrust)
                    {
                        refused = new SshConnectException("host_key_unknown",
                            $"The host key of {config.Host}:{config.Port} is not known (presented {fingerprint}); probe again with trustHostKey to pin it.",
                            new Dictionary<string, object?>(where) { ["presentedFingerprint"] = fingerprint });
                    }

                    break;
            }
        };

        using CancellationTokenSource bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(ConnectTimeout);
        try
        {
            await client.ConnectAsync(bounded.Token).ConfigureAwait(false);
            return new SshConnection(client, presented!, newlyTrusted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            throw refused ?? Classify(ex, config, where);
        }
        finally
        {
            key.Dispose();
        }
    }

    static SshConnectException Classify(Exception ex, SshEnvironmentConfig config, Dictionary<string, object?> where) => ex switch
    {
        SshAuthenticationException => new SshConnectException("auth_failed", $"{config.Username}@{config.Host} refused the private key.", where, ex),
        SocketException socket => new SshConnectException("unreachable", $"{config.Host}:{config.Port} cannot be reached ({socket.SocketErrorCode}).", where, ex),
        SshOperationTimeoutException or OperationCanceledException or TimeoutException =>
            new SshConnectException("timeout", $"{config.Host}:{config.Port} did not complete the SSH handshake within {ConnectTimeout.TotalSeconds:0} s.", where, ex),
        _ => new SshConnectException("unreachable", $"The SSH connection to {config.Host}:{config.Port} failed: {ex.Message}", where, ex),
    };
}
