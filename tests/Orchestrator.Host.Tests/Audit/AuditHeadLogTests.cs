using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Host.Audit;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Sqlite;

namespace Orchestrator.Host.Tests.Audit;

/// <summary>
/// Issue 15: serve writes the journal's head to its log when it starts and every hour after, so a journal whose last
/// rows were removed disagrees with its own logs. Driven by a fake clock.
/// </summary>
public sealed class AuditHeadLogTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "orch-headlog-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly OrchestratorDatabase _database;
    private readonly SqliteAuditJournal _journal;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly Lines _log = new();

    public AuditHeadLogTests()
    {
        _database = new OrchestratorDatabase(_directory);
        _database.EnsureCreated();
        _journal = new SqliteAuditJournal(_database.Connections);
    }

    private Task AppendAsync(string reason) =>
        _journal.AppendAsync(new NewAuditEntry(_time.GetUtcNow(), null, "cluster", null, null, null, "Apply", "bob", reason), CancellationToken.None);

    [Fact]
    public async Task TheHead_IsLoggedAtStart_AndAgainEveryHour_AsItIsThen()
    {
        await AppendAsync("first");
        using var service = new AuditHeadLog(_journal, _time, _log);

        await service.StartAsync(CancellationToken.None);
        var atStart = await _journal.HeadAsync(CancellationToken.None);
        Assert.Equal([$"Audit journal head {atStart}"], _log.Snapshot());

        await AppendAsync("second");
        _time.Advance(TimeSpan.FromMinutes(59));
        await Task.Delay(50);
        Assert.Single(_log.Snapshot()); // not before the hour

        _time.Advance(TimeSpan.FromMinutes(1));
        var anHourLater = await _journal.HeadAsync(CancellationToken.None);
        await _log.WaitForAsync(2);
        Assert.Equal([$"Audit journal head {atStart}", $"Audit journal head {anHourLater}"], _log.Snapshot());
        Assert.Equal(atStart.Sequence + 1, anHourLater.Sequence);

        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task AnEmptyJournal_LogsTheGenesisHead()
    {
        using var service = new AuditHeadLog(_journal, _time, _log);
        await service.StartAsync(CancellationToken.None);
        Assert.Equal([$"Audit journal head {AuditHead.Empty}"], _log.Snapshot());
        await service.StopAsync(CancellationToken.None);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The formatted messages logged (information and above), in order.</summary>
    private sealed class Lines : ILogger<AuditHeadLog>
    {
        private readonly List<string> _lines = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_lines)
            {
                _lines.Add(formatter(state, exception));
            }
        }

        public List<string> Snapshot()
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }

        public async Task WaitForAsync(int count)
        {
            for (var i = 0; i < 500 && Snapshot().Count < count; i++)
            {
                await Task.Delay(10);
            }
        }
    }
}
