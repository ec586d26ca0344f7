using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Engine.Execution;
using Orchestrator.Storage;

namespace Orchestrator.Engine.Tests.Execution;

/// <summary>
/// Issue 13, "Database restart": a runner's background roles (leader term, sweeper, monitor, heartbeats, commits) that fail
/// because the database is out of reach say so once per outage — "database unavailable (host:port): reason; retrying",
/// no stack trace — and once more when it is reached again; any other failure is left to the role to log.
/// </summary>
public sealed class StoreOutageTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-30T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly Lines _log = new();

    private StoreOutage Outage() => new(LocalStoreAvailability.Instance, _time, _log);

    private static StoreUnavailableException Refused() => new("db1:5432", "Connection refused");

    [Fact]
    public void AnOutage_IsSaidOnce_HoweverManyRolesFailOnIt_AndOnceMoreWhenTheDatabaseIsReachedAgain()
    {
        var outage = Outage();

        Assert.True(outage.Absorbed(Refused()));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(outage.Absorbed(Refused()));
        Assert.True(outage.Ongoing);
        _time.Advance(TimeSpan.FromSeconds(1.5));
        outage.Reached();
        outage.Reached();

        Assert.Equal(
            ["Warning database unavailable (db1:5432): Connection refused; retrying", "Information Database available again after 2.5 s"],
            _log.Written);
        Assert.False(outage.Ongoing);
        Assert.DoesNotContain(_log.Exceptions, e => e is not null);
    }

    [Fact]
    public void ANewOutage_AfterTheDatabaseWasReached_IsSaidAgain()
    {
        var outage = Outage();
        outage.Absorbed(Refused());
        outage.Reached();
        outage.Absorbed(Refused());

        Assert.Equal(2, _log.Written.Count(l => l.Contains("database unavailable (db1:5432)", StringComparison.Ordinal)));
        Assert.True(outage.Ongoing);
    }

    [Fact]
    public void AFailureThatIsNotAnOutage_IsNotAbsorbed_AndLeavesNoTrace()
    {
        var outage = Outage();

        Assert.False(outage.Absorbed(new InvalidOperationException("constraint violated")));
        outage.Reached();

        Assert.Empty(_log.Written);
        Assert.False(outage.Ongoing);
    }

    /// <summary>What was logged: level and message, one line each.</summary>
    private sealed class Lines : ILogger<StoreOutage>
    {
        public List<string> Written { get; } = [];

        public List<Exception?> Exceptions { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Written.Add($"{logLevel} {formatter(state, exception)}");
            Exceptions.Add(exception);
        }
    }
}
