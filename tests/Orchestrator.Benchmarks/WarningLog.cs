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
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public IReadOnlyCollection<string> Messages => _messages;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Record(string category, LogLevel level, string message, Exception? exception)
    {
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
