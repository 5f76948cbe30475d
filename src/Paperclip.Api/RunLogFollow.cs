using Microsoft.AspNetCore.Http;
using Paperclip.Core.Services.Runs;

namespace Paperclip.Api;

/// <summary>
/// Streams a run's log as <c>text/plain</c> from an offset until the run has ended and everything is sent (like
/// <c>tail -f</c> that stops by itself). Bounded: it gives up after <see cref="MaxDuration"/>, and a client resumes
/// with <c>offset</c> = bytes received so far.
/// </summary>
public sealed class RunLogFollow(RunLogSlice first, Func<long, Task<RunLogSlice>> readFrom, TimeProvider time) : IResult
{
    /// <summary>How long one follow request may stay open.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromMinutes(30);

    /// <summary>How often a quiet log is checked again.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <inheritdoc/>
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        HttpResponse response = httpContext.Response;
        response.ContentType = "text/plain; charset=utf-8";
        response.Headers["X-Log-Offset"] = first.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-cache";
        CancellationToken aborted = httpContext.RequestAborted;
        DateTimeOffset deadline = time.GetUtcNow() + MaxDuration;
        RunLogSlice slice = first;
        try
        {
            while (true)
            {
                if (slice.Data.Length > 0)
                {
                    await response.Body.WriteAsync(slice.Data, aborted).ConfigureAwait(false);
                    await response.Body.FlushAsync(aborted).ConfigureAwait(false);
                }

                if (slice.Complete || time.GetUtcNow() >= deadline)
                {
                    return;
                }

                if (slice.NextOffset >= slice.Length)
                {
                    await Task.Delay(PollInterval, time, aborted).ConfigureAwait(false);
                }

                slice = await readFrom(slice.NextOffset).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away.
        }
    }
}
