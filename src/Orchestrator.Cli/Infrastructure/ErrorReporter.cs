using Orchestrator.Engine.Errors;
using Orchestrator.Environment.World;
using Orchestrator.Storage;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Cli.Infrastructure;

/// <summary>Turns what went wrong into one clear line on stderr and a distinct exit code.</summary>
public static class ErrorReporter
{
    public static int Report(Exception e)
    {
        switch (e)
        {
            case DefinitionInvalidException invalid:
                foreach (var line in invalid.Errors)
                {
                    Console.Error.WriteLine(line);
                }

                Console.Error.WriteLine($"{invalid.Errors.Count} error(s); nothing was applied.");
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
                Console.Error.WriteLine($"error: a database in the data directory could not be used ({sqlite.Message}); check orchestrator.db and world.db there, or restore them from a backup");
                return ExitCodes.BadInput;
            case System.Data.Common.DbException database:
                Console.Error.WriteLine($"error: the database failed ({database.Message})");
                return ExitCodes.ProcedureFailed;
            default:
                throw e.InnerException is { } inner && e is AggregateException ? inner : e;
        }
    }
}
