using System.CommandLine;
using Orchestrator.Cli.Infrastructure;
using Orchestrator.Cli.Output;
using Orchestrator.Engine.Errors;
using Orchestrator.Host.Composition;
using Orchestrator.Storage.PostgreSql;
using Orchestrator.Storage.Sqlite;

namespace Orchestrator.Cli.Commands;

/// <summary>
/// `db migrate`, `db check` and `db init`: the configured store's schema (see --store). On SQLite other commands migrate as
/// they go; a server database is migrated only here (or by `serve --migrate`), and other commands refuse an unmigrated one.
/// `db check` also reads every page of the SQLite files (orchestrator.db, the world file), which other commands do not at
/// start-up. `db init` creates the embedded database; with --force also in a data directory that has been used but lost it.
/// </summary>
public static class DbCommands
{
    public static Command Create()
    {
        var db = new Command("db", "The configured store's database: apply its migrations, or check it is ready");
        db.Subcommands.Add(Migrate());
        db.Subcommands.Add(Check());
        db.Subcommands.Add(Init());
        return db;
    }

    private static Command Migrate()
    {
        var command = new Command("migrate", "Apply the store's missing migrations (prints which ran; running it again changes nothing)");
        CliAction.Set(command, (result, _) =>
        {
            var dataDir = GlobalOptions.ResolveDataDir(result);
            var store = StoreSettings.ForInvocation(dataDir);
            var (description, applied) = StoreAccess.WithSchema(store, dataDir, s => (s.Description, s.Migrate()));
            if (result.GetValue(GlobalOptions.Json))
            {
                return Task.FromResult(JsonOutput.Write(new { store = store.Kind, database = Printable(store, description), applied }));
            }

            foreach (var script in applied)
            {
                Console.Out.WriteLine($"applied {script}");
            }

            Console.Out.WriteLine(applied.Count == 0
                ? $"the {description} is up to date; nothing to apply"
                : $"the {description} is up to date ({applied.Count} migration(s) applied)");
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    private static Command Check()
    {
        var command = new Command("check", "Is the store's database reachable, with every migration applied, and are the SQLite files intact (every page read)? Exit 0 ready, 1 not ready (lists the missing migrations), 2 bad configuration or a damaged file");
        CliAction.Set(command, (result, _) =>
        {
            var dataDir = GlobalOptions.ResolveDataDir(result);
            var store = StoreSettings.ForInvocation(dataDir);
            if (store.Kind == StoreKind.Sqlite)
            {
                var database = new OrchestratorDatabase(dataDir);
                database.EnsureNotOrphaned();
                SqliteFileCheck.EnsureIntact(database.Connections.DatabasePath, "database");
            }

            if (WorldSettings.ForInvocation(dataDir, store.Kind) is { } world)
            {
                SqliteFileCheck.EnsureIntact(world, "simulated world");
            }

            var (description, missing) = StoreAccess.WithSchema(store, dataDir, s => (s.Description, s.PendingMigrations()));
            var ready = missing.Count == 0;
            if (result.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write(new { store = store.Kind, database = Printable(store, description), reachable = true, ready, missing });
            }
            else if (ready)
            {
                Console.Out.WriteLine($"ready: the {description} is reachable and has every migration");
            }
            else
            {
                Console.Out.WriteLine($"not ready: the {description} lacks {missing.Count} migration(s): {string.Join(", ", missing)}");
                Console.Out.WriteLine("run `orchestrator db migrate`");
            }

            return Task.FromResult(ready ? ExitCodes.Ok : ExitCodes.ProcedureFailed);
        });
        return command;
    }

    private static Command Init()
    {
        var force = new Option<bool>("--force")
        {
            Description = "Also in a data directory that has been used (world.db, logs) but whose orchestrator.db is missing or empty: start a new history there",
        };
        var command = new Command("init", "Create the embedded (SQLite) database in the data directory; a database that holds data is only migrated") { force };
        CliAction.Set(command, (result, _) =>
        {
            var dataDir = GlobalOptions.ResolveDataDir(result);
            if (StoreSettings.ForInvocation(dataDir).Kind != StoreKind.Sqlite)
            {
                throw new BadInputException("`db init` creates the embedded SQLite database; a PostgreSQL or SQL Server database is prepared by `orchestrator db migrate`");
            }

            var database = new OrchestratorDatabase(dataDir);
            var existed = database.HoldsData;
            var applied = database.EnsureCreated(initialise: result.GetValue(force));
            var path = database.Connections.DatabasePath;
            if (result.GetValue(GlobalOptions.Json))
            {
                return Task.FromResult(JsonOutput.Write(new { database = path, created = !existed, applied }));
            }

            Console.Out.WriteLine(existed
                ? $"{path} already holds data; {(applied.Count == 0 ? "nothing to apply" : $"{applied.Count} migration(s) applied")}"
                : $"created {path} ({applied.Count} migration(s)); next: `orchestrator cluster apply FILE`");
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    /// <summary>What --json says the database is: SQLite's file, or the connection string with its password hidden.</summary>
    private static string Printable(StoreSelection store, string description) =>
        store.Connection is { } connection ? ConnectionStrings.Redact(connection) : description;
}
