using System.Text;
using Paperclip.Core.Ports;

namespace Paperclip.Runs.Adapters;

/// <summary>
/// Captures an agent's stdout and stderr for one run: everything goes, in arrival order, to the run's log (batched
/// into appends of up to <see cref="FlushBytes"/> or every <see cref="FlushInterval"/>), and the last
/// <see cref="ExcerptChars"/> characters of each stream are kept as excerpts for the run and its ledger row.
/// </summary>
public sealed class RunOutputCapture : IAsyncDisposable
{
    /// <summary>Characters kept per stream as an excerpt (upstream keeps 4,096).</summary>
    public const int ExcerptChars = 4096;

    /// <summary>Largest single append.</summary>
    public const int FlushBytes = 64 * 1024;

    /// <summary>Longest output waits before it is appended.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(250);

    readonly IRunLogStore store;
    readonly Guid companyId;
    readonly Guid runId;
    readonly Lock gate = new();
    readonly MemoryStream pending = new();
    readonly StringBuilder stdoutTail = new();
    readonly StringBuilder stderrTail = new();
    readonly SemaphoreSlim flushing = new(1, 1);
    readonly PeriodicTimer timer;
    readonly Task timerLoop;
    long written;
    Exception? failure;

    /// <summary>Starts capturing for a run.</summary>
    public RunOutputCapture(IRunLogStore store, Guid companyId, Guid runId, TimeProvider time)
    {
        this.store = store;
        this.companyId = companyId;
        this.runId = runId;
        this.timer = new PeriodicTimer(FlushInterval, time);
        this.timerLoop = this.FlushPeriodicallyAsync();
    }

    /// <summary>Bytes appended to the log so far.</summary>
    public long LogBytes => Interlocked.Read(ref this.written);

    /// <summary>The last characters of stdout.</summary>
    public string StdoutExcerpt
    {
        get
        {
            lock (this.gate)
            {
                return this.stdoutTail.ToString();
            }
        }
    }

    /// <summary>The last characters of stderr.</summary>
    public string StderrExcerpt
    {
        get
        {
            lock (this.gate)
            {
                return this.stderrTail.ToString();
            }
        }
    }

    /// <summary>Copies a stream (stdout or stderr) into the capture until it ends.</summary>
    public async Task PumpAsync(Stream source, bool isStderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        byte[] buffer = new byte[16 * 1024];
        Decoder decoder = Encoding.UTF8.GetDecoder();
        char[] chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length)];
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            int count = decoder.GetChars(buffer, 0, read, chars, 0);
            bool full;
            lock (this.gate)
            {
                this.pending.Write(buffer, 0, read);
                StringBuilder tail = isStderr ? this.stderrTail : this.stdoutTail;
                tail.Append(chars, 0, count);
                if (tail.Length > ExcerptChars)
                {
                    tail.Remove(0, tail.Length - ExcerptChars);
                }

                full = this.pending.Length >= FlushBytes;
            }

            if (full)
            {
                await this.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Appends whatever is buffered. A failed append is remembered and rethrown on dispose.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await this.flushing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            byte[] data;
            lock (this.gate)
            {
                if (this.pending.Length == 0)
                {
                    return;
                }

                data = this.pending.ToArray();
                this.pending.SetLength(0);
            }

            await this.store.AppendAsync(this.companyId, this.runId, data, cancellationToken).ConfigureAwait(false);
            Interlocked.Add(ref this.written, data.Length);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            this.failure ??= ex;
        }
        finally
        {
            this.flushing.Release();
        }
    }

    /// <summary>Stops the timer, appends the rest and surfaces an append failure, so a lost log is never silent.</summary>
    public async ValueTask DisposeAsync()
    {
        this.timer.Dispose();
        await this.timerLoop.ConfigureAwait(false);
        await this.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        this.flushing.Dispose();
        await this.pending.DisposeAsync().ConfigureAwait(false);
        if (this.failure is { } f)
        {
            throw new IOException("The run log could not be written.", f);
        }
    }

    async Task FlushPeriodicallyAsync()
    {
        while (await this.timer.WaitForNextTickAsync().ConfigureAwait(false))
        {
            await this.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
