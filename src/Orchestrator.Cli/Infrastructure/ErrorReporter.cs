using System.CommandLine;
using Orchestrator.Engine.Errors;
using Orchestrator.Environment.World;
using Orchestrator.Storage;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Sqlite;

namespace Orchestrator.Cli.Infrastructure;

/// <summary>
/// Turns what went wrong into one clear line on stderr and a distinct exit code. What is too long for a line (an
/// unexpected error's trace, an integrity check's full text) goes to the data directory's log, and the line says where.
/// </summary>
public static class ErrorReporter
{
    /// <summary>Reports <paramref name="e"/> for the command of <paramref name="result"/> (its data directory holds the log).</summary>
    public static int Report(Exception e, ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        string? dataDirectory;
        try
        {
            dataDirectory = GlobalOptions.ResolveDataDir(result);
        }
        catch (BadInputException)
        {
            dataDirectory = null; // no usable data directory: no log either
        }

        return Report(e, dataDirectory, result.GetValue(GlobalOptions.LogJson));
    }

    public static int Report(Exception e, string? dataDirectory, bool logJson)
    {
        ArgumentNullException.ThrowIfNull(e);
        switch (e)
        {
            case AggregateException { InnerExceptions.Count: 1 } aggregate:
                return Report(aggregate.InnerExceptions[0], dataDirectory, logJson);
            case DefinitionInvalidException invalid:
                foreach (var line in invalid.Errors)
                {
                    Console.Error.WriteLine(line);
                }

                Console.Error.WriteLine($"{invalid.Errors.Count} error(s); nothing was applied.");
                return ExitCodes.BadInput;
            case DamagedDatabaseException damaged:
                var where = FailureLog.Write(dataDirectory, logJson, damaged.Report);
                Console.Error.WriteLine($"error: {damaged.Message}{(where is null ? "" : $"; the full check is in the log, {where}")}");
                return ExitCodes.BadInput;
            case BadInputException or StorageException or UnknownWorldObjectException or ProcedureStateException:
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            case ActiveProcedureConflictException conflict:
                Console.Error.WriteLine($"conflict: {conflict.Message}");
                return ExitCodes.Conflict;
            case StalePlanException stale:
                Console.Error.WriteLine($"conflict: {stale.Message}");
                return ExitCodes.Conflict;
            case RunnerBusyException busy:
                Console.Error.WriteLine($"conflict: {busy.Message}");
                return ExitCodes.Conflict;
            case StoreUnavailableException unavailable:
                Console.Error.WriteLine($"error: {unavailable.Message}; gave up after {unavailable.Tries ?? StoreAccess.Tries} tries");
                return ExitCodes.ProcedureFailed;
            case DatabaseNotMigratedException notMigrated:
                Console.Error.WriteLine($"error: {notMigrated.Message}");
                return ExitCodes.ProcedureFailed;
            case Microsoft.Data.Sqlite.SqliteException sqlite:
                var files = dataDirectory is null
                    ? "orchestrator.db and world.db in the data directory"
                    : $"{Path.Combine(dataDirectory, OrchestratorDatabase.FileName)} and {Path.Combine(dataDirectory, OrchestratorDatabase.WorldFileName)}";
                Console.Error.WriteLine($"error: a database in the data directory could not be used ({OneLine(sqlite.Message)}); check {files} (`orchestrator db check` names the damaged one), or restore them from a backup");
                return ExitCodes.BadInput;
            case System.Data.Common.DbException database:
                Console.Error.WriteLine($"error: the database failed ({OneLine(database.Message)})");
                return ExitCodes.ProcedureFailed;
            default:
                return Unexpected(e, dataDirectory, logJson);
        }
    }

    /// <summary>A failure nobody foresaw: one line (what, and where the trace is); the trace, as thrown, goes to the log.</summary>
    private static int Unexpected(Exception e, string? dataDirectory, bool logJson)
    {
        var summary = $"{e.GetType().Name}: {OneLine(e.Message)}";
        string? logs = null;
        try
        {
            logs = FailureLog.Write(dataDirectory, logJson, $"unexpected error: {summary}", e);
        }
        catch (Exception logging) when (logging is IOException or UnauthorizedAccessException)
        {
            logs = null;
        }

        Console.Error.WriteLine(logs is null
            ? $"error: unexpected failure ({summary}); no log could be written, so its trace follows: {OneLine(e.ToString())}"
            : $"error: unexpected failure ({summary}); its trace is in the log, {logs}");
        return ExitCodes.ProcedureFailed;
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
