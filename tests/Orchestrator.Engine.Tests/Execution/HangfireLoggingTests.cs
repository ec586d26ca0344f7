using System.Reflection;
using Hangfire.Logging;
using Orchestrator.Engine.Tests.Support;

namespace Orchestrator.Engine.Tests.Execution;

/// <summary>
/// A runner sets Hangfire's log provider once: unset, every Hangfire logger (one per job fetched from PostgreSQL) resolved
/// a new provider, compiling its expression trees again.
/// </summary>
public sealed class HangfireLoggingTests
{
    [Fact]
    public async Task AStartedRuntime_HasSetHangfiresLogProvider_SoNoLoggerResolvesOneAgain()
    {
        await using var o = await TestOrchestrator.StartAsync(runsJobs: true);

        var current = typeof(LogProvider)
            .GetFields(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
            .Single(f => f.FieldType == typeof(ILogProvider))
            .GetValue(null);
        Assert.NotNull(current);
        Assert.Contains("Serilog", current.GetType().Name, StringComparison.Ordinal); // the provider Hangfire resolved each time before
    }
}
