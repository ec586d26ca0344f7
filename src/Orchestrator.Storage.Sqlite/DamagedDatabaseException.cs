namespace Orchestrator.Storage.Sqlite;

/// <summary>
/// A SQLite file failed its integrity check: <see cref="Exception.Message"/> is one line naming the file, its first
/// problem and the fix; <see cref="Report"/> is the check's full text, for the log.
/// </summary>
public sealed class DamagedDatabaseException(string message, string report) : Exception(message)
{
    public string Report { get; } = report;
}
