using Paperclip.Core.Ports;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Paperclip.Ssh.Execution;

/// <summary>A command running on a remote box (see <see cref="SshExecutionTarget"/>).</summary>
internal sealed class SshExecutionHandle : IExecutionHandle
{
    readonly SshClient client;
    readonly SshCommand run;
    readonly Stream watch;
    readonly string control;
    readonly CancellationToken connectionLost;

    internal SshExecutionHandle(SshClient client, SshCommand run, Stream watch, string control, Task execution, CancellationToken connectionLost)
    {
        this.connectionLost = connectionLost;
        this.client = client;
        this.run = run;
        this.watch = watch;
        this.control = control;
        this.Exited = this.EndAsync(execution);
    }

    /// <summary>The run's error code when the connection drops under a running command.</summary>
    internal const string ConnectionLost = "ssh_connection_lost";

    /// <summary>None: a remote process id means nothing to this host's orphan sweep (the launcher's watchdog is the guard).</summary>
    public int? ProcessId => null;

    /// <inheritdoc/>
    public Stream StandardOutput => this.run.OutputStream;

    /// <inheritdoc/>
    public Stream StandardError => this.run.ExtendedOutputStream;

    /// <inheritdoc/>
    public Task<ExecutionExit> Exited { get; }

    /// <inheritdoc/>
    public async Task<ExecutionExit> StopAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        if (!this.Exited.IsCompleted)
        {
            await this.SignalAsync("TERM", cancellationToken).ConfigureAwait(false);
            Task ended = await Task.WhenAny(this.Exited, Task.Delay(grace, cancellationToken)).ConfigureAwait(false);
            if (ended != this.Exited)
            {
                await this.SignalAsync("KILL", cancellationToken).ConfigureAwait(false);
            }
        }

        return await this.Exited.ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        // Closing the channel ends the launcher's stdin: a command still running is stopped by its watchdog.
        await this.watch.DisposeAsync().ConfigureAwait(false);
        this.run.Dispose();
    }

    async Task<ExecutionExit> EndAsync(Task execution)
    {
        try
        {
            await execution.ConfigureAwait(false);
        }
        catch (SshConnectionException ex)
        {
            throw new ExecutionLostException(ConnectionLost, "The SSH connection was lost while the command ran.", ex);
        }
        catch (OperationCanceledException ex) when (this.connectionLost.IsCancellationRequested)
        {
            throw new ExecutionLostException(ConnectionLost, "The box stopped answering while the command ran (the connection was closed).", ex);
        }

        return this.run.ExitSignal is { } signal ? ExecutionExit.BySignal("SIG" + signal)
            : this.run.ExitStatus is { } code ? ExecutionExit.WithCode(code)
            : throw new ExecutionLostException(ConnectionLost, "The SSH connection was lost while the command ran (its channel closed without an exit status).");
    }

    /// <summary>Signals the command's process group by its recorded id, over a channel of its own.</summary>
    async Task SignalAsync(string signal, CancellationToken cancellationToken)
    {
        string d = RemoteShell.Quote(this.control);
        string script = string.Join('\n',
            $"d={d}; i=0",
            "while [ ! -s \"$d/pid\" ] && [ -d \"$d\" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done",
            $"if [ -s \"$d/pid\" ]; then kill -{signal} -\"$(cat \"$d/pid\")\" 2>/dev/null; fi",
            "exit 0");
        using SshCommand kill = this.client.CreateCommand(script);
        kill.CommandTimeout = TimeSpan.FromSeconds(30);
        await (await RemoteCommand.StartAsync(kill, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
    }
}
