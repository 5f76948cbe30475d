using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Paperclip.Core.Ports;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Paperclip.Ssh.Execution;

/// <summary>
/// Runs commands on a remote box over one SSH connection (each operation a channel of it, H-S7). A start is two
/// channels: the first writes a private control directory (mode 0700) holding the environment, stdin and a launcher,
/// all sent through that channel's stdin — so no value ever appears on a command line, local or remote (H-S4); the
/// second runs <c>sh &lt;launcher&gt;</c>, whose output is the command's. The launcher starts the command as the leader
/// of its own process group, records its id, and watches the channel: if the connection drops (this host died, the
/// network broke) the group gets SIGTERM, then SIGKILL, so nothing outlives its run. Stopping signals the group over a
/// third channel — sshd refuses SSH signal requests for root logins up to OpenSSH 9.7, so the id is used instead.
/// </summary>
public sealed partial class SshExecutionTarget(SshClient client, bool sourceShellProfiles = false, ICallbackBridge? bridge = null, BridgeSite? site = null, CancellationToken connectionLost = default)
    : IExecutionTarget, ICallbackTarget
{
    /// <summary>Sources the login profiles upstream sourced (H-S8), their output discarded and their failure ignored.</summary>
    const string SourceProfiles = "for p in \"$HOME/.profile\" \"$HOME/.bash_profile\" \"$HOME/.zprofile\"; do if [ -f \"$p\" ]; then . \"$p\" >/dev/null 2>&1 || true; fi; done\n";

    /// <summary>How long the launcher waits after SIGTERM before SIGKILL when the connection is lost.</summary>
    internal const int LostConnectionGraceSeconds = 10;

    /// <inheritdoc/>
    public async Task<IExecutionHandle> StartAsync(ExecutionCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        string control = await this.SetUpAsync(command, cancellationToken).ConfigureAwait(false);
        SshCommand run = client.CreateCommand($"sh {RemoteShell.Quote(control + "/launch")}");
        Task execution = await RemoteCommand.StartAsync(run, connectionLost, cancellationToken).ConfigureAwait(false);

        // The channel's stdin stays open for the run's life (nothing is ever written, so no EOF is sent): its end is
        // how the launcher learns the connection is gone. A command that already ended has nothing left to watch.
        Stream watch = RemoteCommand.TryInputStream(run) ?? Stream.Null;

        return new SshExecutionHandle(client, run, watch, control, execution, connectionLost);
    }

    /// <summary>
    /// Opens the run's callback bridge. Tunnel mode first (unless the environment asks for the queue): the box's
    /// <c>127.0.0.1:&lt;port&gt;</c> (a port sshd picks) forwards, over this run's own connection, to the bridge's loopback
    /// listener here — nothing written or installed on the box, nothing polling, ended with the route. A server that
    /// forbids forwarding (<c>AllowTcpForwarding no</c>) refuses it, and the run falls back to queue mode
    /// (<see cref="Bridge.QueueBridge"/>) on the same connection.
    /// </summary>
    public async Task<CallbackRoute> OpenCallbackAsync(BridgeGrant grant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        if (bridge is null)
        {
            throw new Core.Errors.PaperclipException(503, Core.Errors.ErrorCodes.BridgeUnavailable, "Callback bridge unavailable", "This control plane has no callback bridge registered.");
        }

        BridgeRegistration registration = await bridge.RegisterAsync(grant, cancellationToken).ConfigureAwait(false);
        try
        {
            if (site?.Mode != BridgeMode.Queue)
            {
                try
                {
                    return await this.OpenTunnelAsync(registration, cancellationToken).ConfigureAwait(false);
                }
                catch (ForwardingRefusedException) when (site is { Mode: BridgeMode.Auto })
                {
                    // Fall through to the queue.
                }
            }

            Bridge.QueueBridge queue = await Bridge.QueueBridge.StartAsync(client, $"{site!.Runtime}/bridge/server", $"{site.Runtime}/runs/{grant.RunId}/bridge", registration, cancellationToken).ConfigureAwait(false);
            return new CallbackRoute(queue.ApiUrl, registration.Token, CallbackRoute.Queue, async () =>
            {
                await queue.DisposeAsync().ConfigureAwait(false);
                await registration.DisposeAsync().ConfigureAwait(false);
            });
        }
        catch
        {
            await registration.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    async Task<CallbackRoute> OpenTunnelAsync(BridgeRegistration registration, CancellationToken cancellationToken)
    {
        EnsureForwardingThreads();

        // sshd turns Nagle off on a connection (TCP_NODELAY) only when its first session starts. On a connection used
        // for nothing but forwarding so far, each forwarded connection's channel-open waited behind the delayed ACK of
        // the one before (about 40 ms a new connection, measured): one session, however short, settles it.
        await RemoteCommand.RunAsync(client, "true", null, cancellationToken).ConfigureAwait(false);

        ForwardedPortRemote forwarded = new(System.Net.IPAddress.Loopback, 0, System.Net.IPAddress.Loopback, (uint)registration.LocalPort);
        try
        {
            client.AddForwardedPort(forwarded);
            forwarded.Start();
        }
        catch (Exception ex) when (ex is SshException or InvalidOperationException)
        {
            Close(forwarded);
            throw new ForwardingRefusedException($"The box refused remote port forwarding ({ex.Message}).", ex);
        }

        return new CallbackRoute(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{forwarded.BoundPort}"), registration.Token, CallbackRoute.Tunnel, async () =>
        {
            Close(forwarded);
            await registration.DisposeAsync().ConfigureAwait(false);
        });

        void Close(ForwardedPortRemote port)
        {
            try
            {
                if (port.IsStarted)
                {
                    port.Stop();
                }

                client.RemoveForwardedPort(port);
            }
            catch (Exception ex) when (ex is SshException or InvalidOperationException or ObjectDisposedException)
            {
                // The connection is gone already: so is the forwarding.
            }

            port.Dispose();
        }
    }

    /// <summary>
    /// SSH.NET serves each forwarded connection on a thread-pool thread that blocks until the connection closes; a burst
    /// of an agent's concurrent calls would otherwise starve the pool (and with it the bridge and the API answering
    /// them) while the pool grows a thread or two a second. The pool may start this many threads at once — room for a
    /// few runs' bursts of 200 calls beside the bridge's and the API's own work (threads are made only when needed; the
    /// minimum only removes the injection delay).
    /// </summary>
    static void EnsureForwardingThreads()
    {
        const int ForwardingThreads = 1024;
        ThreadPool.GetMinThreads(out int workers, out int completion);
        if (workers < ForwardingThreads)
        {
            ThreadPool.SetMinThreads(ForwardingThreads, completion);
        }
    }

    /// <summary>Writes the control directory; returns its path.</summary>
    async Task<string> SetUpAsync(ExecutionCommand command, CancellationToken cancellationToken)
    {
        string marker = "PAPERCLIP_" + Guid.NewGuid().ToString("N");
        StringBuilder script = new();
        string cwd = RemoteShell.Quote(command.WorkingDirectory);
        string program = RemoteShell.Quote(command.Program);
        script.Append(CultureInfo.InvariantCulture, $"cd {cwd} 2>/dev/null || {{ echo {RemoteShell.Quote($"the directory {command.WorkingDirectory} does not exist on the remote box")} >&2; exit 126; }}\n");
        if (sourceShellProfiles)
        {
            // The program may be on a PATH only the profiles set: look for it where it will run.
            script.Append(SourceProfiles);
        }

        script.Append(CultureInfo.InvariantCulture, $"command -v {program} >/dev/null 2>&1 || {{ echo {RemoteShell.Quote($"{command.Program} was not found on the remote PATH")} >&2; exit 127; }}\n");
        script.Append("umask 077\nset -e\nd=$(mktemp -d \"${TMPDIR:-/tmp}/paperclip-run.XXXXXXXX\")\n");
        script.Append(CultureInfo.InvariantCulture, $"cat > \"$d/env\" <<'{marker}'\n");
        foreach ((string name, string value) in command.Environment)
        {
            if (!EnvName().IsMatch(name))
            {
                throw new ExecutionStartException($"The environment variable name '{name}' cannot be passed to a remote shell.");
            }

            if (name != "PATH")
            {
                script.Append(CultureInfo.InvariantCulture, $"export {name}={RemoteShell.Quote(value)}\n");
            }
        }

        script.Append(CultureInfo.InvariantCulture, $"{marker}\n");
        string stdin = command.StandardInput is { } bytes ? Convert.ToBase64String(bytes.Span) : string.Empty;
        script.Append(CultureInfo.InvariantCulture, $"base64 -d > \"$d/stdin\" <<'{marker}'\n{stdin}\n{marker}\n");
        script.Append(CultureInfo.InvariantCulture, $"cat > \"$d/launch\" <<'{marker}'\n{Launcher(command, sourceShellProfiles)}{marker}\n");
        script.Append("printf '%s\\n' \"$d\"\n");

        using SshCommand setUp = client.CreateCommand("sh -s");
        Task done = await RemoteCommand.StartAsync(setUp, cancellationToken).ConfigureAwait(false);
        using (Stream input = RemoteCommand.TryInputStream(setUp) ?? Stream.Null)
        {
            // Never empty (so its end reaches the shell: SSH.NET sends EOF only after a byte was written).
            byte[] text = Encoding.UTF8.GetBytes(script.ToString());
            await input.WriteAsync(text, cancellationToken).ConfigureAwait(false);
        }

        await done.ConfigureAwait(false);
        string directory = setUp.Result.Trim();
        return setUp.ExitStatus == 0 && directory.StartsWith('/')
            ? directory
            : throw new ExecutionStartException(setUp.ExitStatus is 126 or 127
                ? $"The command could not be started: {setUp.Error.Trim()}"
                : $"The remote control directory could not be written ({RemoteCommand.Outcome(setUp)}).");
    }

    /// <summary>
    /// The launcher (a POSIX shell script; its directory is its own: <c>$0</c>'s). The watchdog reads the channel through
    /// a duplicate of stdin (fd 3): an asynchronous list's own stdin is <c>/dev/null</c> in a non-interactive shell. Once
    /// the command runs, the launcher's own output goes nowhere: the shell reports a job killed by a signal
    /// ("Terminated") on stderr, which after a dropped connection is a broken pipe that would kill the launcher before
    /// it cleans up.
    /// </summary>
    static string Launcher(ExecutionCommand command, bool sourceShellProfiles)
    {
        // The login's own HOME, before the run's environment (whose HOME is the run's directory) is read.
        string profiles = sourceShellProfiles ? SourceProfiles : string.Empty;
        string argv = string.Join(' ', new[] { command.Program }.Concat(command.Arguments).Select(RemoteShell.Quote));
        string cwd = RemoteShell.Quote(command.WorkingDirectory);
        return $$"""
            d=$(dirname "$0")
            {{profiles}}. "$d/env"
            rm -f "$d/env"
            cd {{cwd}} || exit 126
            exec 3<&0
            setsid {{argv}} < "$d/stdin" 3<&- &
            pid=$!
            echo "$pid" > "$d/pid.tmp" && mv "$d/pid.tmp" "$d/pid"
            ( while read -r _; do :; done <&3; kill -TERM -"$pid" 2>/dev/null; sleep {{LostConnectionGraceSeconds}}; kill -KILL -"$pid" 2>/dev/null ) &
            watchdog=$!
            exec 1>/dev/null 2>/dev/null
            trap '' PIPE
            wait "$pid"; status=$?
            kill "$watchdog" 2>/dev/null
            kill -KILL -"$pid" 2>/dev/null
            rm -f "$d/stdin" "$d/pid" "$d/launch"
            rmdir "$d" 2>/dev/null
            if [ "$status" -gt 128 ] && [ "$status" -lt 160 ]; then trap - TERM INT HUP; kill -s "$((status - 128))" $$; fi
            exit "$status"

            """;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex EnvName();
}
