using System.Globalization;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Orchestrator.Host.Logging;

/// <summary>
/// Serilog: a rolling file in the data directory, warnings to stderr, compact JSON with --log-json. The file is written
/// by `serve` and by CLI commands at once: every event is appended whole under a lock (<see cref="AppendUnderLockHooks"/>).
/// A logs folder that cannot be written is said once on stderr, and the process goes on without the file (<see cref="LogFolder"/>).
/// </summary>
public static class LoggingSetup
{
    public static Serilog.Core.Logger Create(string dataDirectory, bool json, LogEventLevel consoleLevel = LogEventLevel.Warning)
    {
        var logs = LogFolder.For(dataDirectory);
        var unwritable = LogFolder.Unwritable(logs);
        if (unwritable is not null)
        {
            LogFolder.SayUnwritableOnce(logs, unwritable);
        }

        var configuration = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Hangfire", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("ProcessId", System.Environment.ProcessId);
        if (json)
        {
            if (unwritable is null)
            {
                configuration.WriteTo.File(new CompactJsonFormatter(), Path.Combine(logs, "orchestrator-.clef"), rollingInterval: RollingInterval.Day,
                    retainedFileCountLimit: 14, fileSizeLimitBytes: null, hooks: new AppendUnderLockHooks());
            }

            configuration.WriteTo.Console(new CompactJsonFormatter(), consoleLevel, standardErrorFromLevel: LogEventLevel.Verbose);
        }
        else
        {
            if (unwritable is null)
            {
                configuration.WriteTo.File(Path.Combine(logs, "orchestrator-.log"), rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14,
                    fileSizeLimitBytes: null, hooks: new AppendUnderLockHooks(),
                    outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {Message:lj} {Properties:j}{NewLine}{Exception}",
                    formatProvider: CultureInfo.InvariantCulture);
            }

            configuration.WriteTo.Console(consoleLevel, outputTemplate: "[{Level:u3}] {Message:lj}{NewLine}", formatProvider: CultureInfo.InvariantCulture,
                standardErrorFromLevel: LogEventLevel.Verbose);
        }

        return configuration.CreateLogger();
    }
}
