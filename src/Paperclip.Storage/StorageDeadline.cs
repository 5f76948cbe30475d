using System.Diagnostics;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Paperclip.Core.Errors;

namespace Paperclip.Storage;

/// <summary>
/// Bounds every storage call in time. Left alone, the SDK waits 100 s per try and retries, so an API request hung for
/// as long as storage was gone. Here each call (all its tries together) gets <see cref="TableStoreOptions.RequestTimeout"/>:
/// each try's network timeout is what is left of it, and a call whose time is up, or that cannot reach storage at
/// all, ends in 503 <c>storage_unavailable</c> with <c>Retry-After</c>. A call that failed that way leaves its request
/// with nothing more sent: the error stops the service operation before its next write.
/// </summary>
public sealed class StorageDeadline(TimeSpan timeout, StorageOutage outage)
{
    /// <summary>The <c>Retry-After</c> given with the 503.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>Applies the bound to a client's options.</summary>
    public void Apply(ClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // The deadline ends the retries, not their count: enough tries to fill it with the SDK's own back-off.
        options.Retry.MaxRetries = 20;
        options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        options.Retry.NetworkTimeout = timeout;
        options.AddPolicy(new PerCall(this), HttpPipelinePosition.PerCall);
        options.AddPolicy(new PerTry(), HttpPipelinePosition.PerRetry);
    }

    PaperclipException Unavailable(Exception inner)
    {
        outage.Mark();
        return Error(timeout, inner);
    }

    /// <summary>The 503 for storage that did not answer within <paramref name="waited"/> (also the durable backend's).</summary>
    public static PaperclipException Error(TimeSpan waited, Exception inner) =>
        new PaperclipException(
            503,
            ErrorCodes.StorageUnavailable,
            "Storage unavailable",
            $"Storage did not answer within {waited.TotalSeconds:0.#} s, so the request stopped there; retry after {RetryAfterSeconds} s.",
            inner: inner)
        {
            RetryAfterSeconds = RetryAfterSeconds,
        };

    sealed record Deadline(long Timestamp)
    {
        public TimeSpan Remaining => Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), this.Timestamp);
    }

    /// <summary>Once per call: sets the deadline and turns "storage cannot be reached" into the 503.</summary>
    sealed class PerCall(StorageDeadline owner) : HttpPipelinePolicy
    {
        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            this.ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            message.SetProperty(typeof(Deadline), new Deadline(Stopwatch.GetTimestamp() + (long)(owner.Timeout.TotalSeconds * Stopwatch.Frequency)));
            try
            {
                await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
                owner.Outage.Clear();
            }
            catch (PaperclipException)
            {
                throw;
            }
            catch (Exception ex) when (!message.CancellationToken.IsCancellationRequested && IsUnreachable(ex))
            {
                throw owner.Unavailable(ex);
            }
        }

        // No answer at all: refused or reset connections (status 0), a network timeout, a broken transport.
        static bool IsUnreachable(Exception ex) =>
            ex is RequestFailedException { Status: 0 } or OperationCanceledException or TimeoutException or IOException or HttpRequestException
            || (ex is AggregateException aggregate && aggregate.InnerExceptions.All(IsUnreachable));
    }

    /// <summary>Before each try: gives it what is left of the deadline, or ends the call when nothing is.</summary>
    sealed class PerTry : HttpPipelinePolicy
    {
        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            this.ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (message.TryGetProperty(typeof(Deadline), out object? value) && value is Deadline deadline)
            {
                TimeSpan left = deadline.Remaining;
                if (left <= TimeSpan.Zero)
                {
                    throw new TimeoutException("The storage call's deadline passed.");
                }

                message.NetworkTimeout = left;
            }

            return ProcessNextAsync(message, pipeline);
        }
    }

    TimeSpan Timeout => timeout;

    StorageOutage Outage => outage;
}
