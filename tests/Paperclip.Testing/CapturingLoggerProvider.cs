using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Paperclip.Testing;

/// <summary>Keeps every log line (message, state values and exception text) a host writes, for scans of what was logged.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    readonly ConcurrentQueue<string> lines = new();

    /// <summary>Everything logged so far, one entry per call.</summary>
    public IReadOnlyCollection<string> Lines => this.lines;

    /// <inheritdoc/>
    public ILogger CreateLogger(string categoryName) => new Capture(categoryName, this.lines);

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    sealed class Capture(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            string values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {values} {exception}");
        }
    }
}
