using Orchestrator.Host.Logging;
using Serilog.Events;

namespace Orchestrator.Cli.Infrastructure;

/// <summary>
/// Puts what does not belong on a terminal (a stack trace, an integrity check's full text) in the data directory's log,
/// and says where: the one line on stderr ends with the logs folder.
/// </summary>
public static class FailureLog
{
    /// <summary>
    /// Writes <paramref name="message"/> with <paramref name="error"/> (its type, message and trace) to the log of an existing
    /// <paramref name="dataDirectory"/>; the logs folder, or null when there is none to write (no such directory, or not writable).
    /// </summary>
    public static string? Write(string? dataDirectory, bool logJson, string message, Exception? error = null)
    {
        if (dataDirectory is null || !Directory.Exists(dataDirectory))
        {
            return null; // a failure never creates a data directory
        }

        var logs = LogFolder.For(dataDirectory);
        if (LogFolder.Unwritable(logs) is not null)
        {
            return null;
        }

        using var logger = LoggingSetup.Create(dataDirectory, logJson, consoleLevel: LogEventLevel.Fatal);
        logger.Error(error, "{Failure}", message);
        return logs;
    }
}
