using System.Diagnostics;
using Paperclip.Core.Ports;

namespace Paperclip.Runs.Targets.Local;

/// <summary>
/// A process the local target started. When it ends, whatever is left of its process group is killed too — a run's
/// processes end with it, and a leftover child cannot hold the output pipes open.
/// </summary>
internal sealed class LocalExecutionHandle : IExecutionHandle
{
    readonly Process process;
    readonly bool ownGroup;
    readonly TimeProvider time;
    readonly Task feedingStdin;
    int lastSignal;

    internal LocalExecutionHandle(Process process, bool ownGroup, ReadOnlyMemory<byte>? stdin, TimeProvider time)
    {
        this.process = process;
        this.ownGroup = ownGroup;
        this.time = time;
        this.ProcessId = process.Id;
        this.feedingStdin = FeedStdinAsync(process.StandardInput.BaseStream, stdin);
        this.Exited = this.WaitForExitAsync();
    }

    /// <inheritdoc/>
    public int? ProcessId { get; }

    /// <inheritdoc/>
    public Stream StandardOutput => this.process.StandardOutput.BaseStream;

    /// <inheritdoc/>
    public Stream StandardError => this.process.StandardError.BaseStream;

    /// <inheritdoc/>
    public Task<ExecutionExit> Exited { get; }

    /// <inheritdoc/>
    public async Task<ExecutionExit> StopAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        if (!this.Exited.IsCompleted)
        {
            this.Signal(PosixSignals.Term);
            Task waited = await Task.WhenAny(this.Exited, Task.Delay(grace, this.time, cancellationToken)).ConfigureAwait(false);
            if (waited != this.Exited)
            {
                this.Signal(PosixSignals.Kill);
            }
        }

        return await this.Exited.ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (!this.Exited.IsCompleted)
        {
            this.Signal(PosixSignals.Kill);
        }

        await this.Exited.ConfigureAwait(false);
        await this.feedingStdin.ConfigureAwait(false);
        this.process.Dispose();
    }

    async Task<ExecutionExit> WaitForExitAsync()
    {
        await this.process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        if (this.ownGroup)
        {
            // Nothing of the run outlives it (a process that left the group on purpose is the adapter's to stop).
            PosixSignals.TrySend(-this.ProcessId!.Value, PosixSignals.Kill);
        }

        // The BCL reports a process a signal ended as 128 + the signal; it is told apart only for a signal sent here.
        int code = this.process.ExitCode;
        int signal = Volatile.Read(ref this.lastSignal);
        return signal != 0 && code == 128 + signal ? ExecutionExit.BySignal(PosixSignals.NameOf(signal)) : ExecutionExit.WithCode(code);
    }

    void Signal(int signal)
    {
        Volatile.Write(ref this.lastSignal, signal);
        int pid = this.ProcessId!.Value;
        bool sent = this.ownGroup ? PosixSignals.TrySend(-pid, signal) : signal != PosixSignals.Kill && PosixSignals.TrySend(pid, signal);
        if (signal == PosixSignals.Kill || !sent && OperatingSystem.IsWindows())
        {
            // Also the tree, for what left the group (or when there is no group, or no signals, as on Windows).
            try
            {
                this.process.Kill(entireProcessTree: true);
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // It exited meanwhile.
            }
        }
    }

    static async Task FeedStdinAsync(Stream stdin, ReadOnlyMemory<byte>? input)
    {
        try
        {
            if (input is { } bytes)
            {
                await stdin.WriteAsync(bytes, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (IOException)
        {
            // The command exited, or closed stdin, before reading it all.
        }
        finally
        {
            try
            {
                await stdin.DisposeAsync().ConfigureAwait(false);
            }
            catch (IOException)
            {
                // Same: the pipe is already gone.
            }
        }
    }
}
