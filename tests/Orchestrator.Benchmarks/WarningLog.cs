using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Benchmarks;

/// <summary>
/// The harness's only log sink: warnings and errors go to stderr and are counted, so a run in which the engine
/// retried or stumbled is flagged instead of silently measured. Everything below Warning is disabled, which
/// keeps logging nearly free on the measured path.
/// </summary>
internal sealed class WarningLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _messages = new();
    private readonly ConcurrentBag<(string Category, string Prefix)> _expected = [];
    private int _count;
    private int _expectedCount;

    /// <summary>Warnings and errors that were not expected (each one also went to stderr).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Warnings that are part of the measured behaviour (see <see cref="Expect"/>): counted, not echoed.</summary>
    public int ExpectedCount => Volatile.Read(ref _expectedCount);

    /// <summary>
    /// Declares a warning that the measured path logs by design (e.g. the monitor's "failover of ..." decision), so it
    /// is neither echoed nor counted as a disturbance. Matched on the logger category and the message's beginning.
    /// </summary>
    public void Expect(string category, string messagePrefix) => _expected.Add((category, messagePrefix));

    public IReadOnlyCollection<string> Messages => _messages;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Record(string category, LogLevel level, string message, Exception? exception)
    {
        if (level == LogLevel.Warning && exception is null
            && _expected.Any(e => e.Category == category && message.StartsWith(e.Prefix, StringComparison.Ordinal)))
        {
            Interlocked.Increment(ref _expectedCount);
            return;
        }

        Interlocked.Increment(ref _count);
        var line = $"[{level}] {category}: {message}{(exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})")}";
        if (_messages.Count < 20)
        {
            _messages.Enqueue(line);
        }

        Console.Error.WriteLine(line);
    }

    private sealed class Logger(WarningLog owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Record(category, logLevel, formatter(state, exception), exception);
            }
        }
    }
}
