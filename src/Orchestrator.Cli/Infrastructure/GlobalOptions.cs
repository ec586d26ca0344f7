using System.CommandLine;

namespace Orchestrator.Cli.Infrastructure;

/// <summary>Options every command accepts.</summary>
public static class GlobalOptions
{
    public static readonly Option<string?> DataDir = new("--data-dir")
    {
        Description = "Data directory (default: $ORCHESTRATOR_HOME, else ./.orchestrator)",
        Recursive = true,
    };

    public static readonly Option<bool> LogJson = new("--log-json")
    {
        Description = "Write logs as compact JSON (CLEF) to the log file and stderr",
        Recursive = true,
    };

    public static readonly Option<string?> Actor = AuditTextOptions.Checked(new("--actor")
    {
        Description = "Who is acting, for the audit journal (default: the OS user name; no control characters)",
        Recursive = true,
    });

    public static readonly Option<string?> Store = new("--store")
    {
        Description = "Where the product's tables live: sqlite (default; the data directory), postgres (or $ORCHESTRATOR_STORE, or \"store\" in DATA_DIR/orchestrator.json)",
        HelpName = "sqlite|postgres|sqlserver",
        Recursive = true,
    };

    public static readonly Option<string?> Connection = new("--connection")
    {
        Description = "The database's connection string for --store postgres (or $ORCHESTRATOR_CONNECTION, or \"connection\" in DATA_DIR/orchestrator.json); printed only with its password hidden",
        HelpName = "CONNECTION-STRING",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json") { Description = "Print JSON instead of tables", Recursive = true };

    /// <summary>
    /// The data directory of this invocation, refused (exit 2, one line) when it is empty, a file, under a file, or holds a
    /// runner lock that is not a file (<see cref="DataDirectoryCheck"/>).
    /// </summary>
    public static string ResolveDataDir(ParseResult result)
    {
        var flag = result.GetValue(DataDir);
        var home = System.Environment.GetEnvironmentVariable("ORCHESTRATOR_HOME");
        var (text, source) = flag is not null ? (flag, "--data-dir")
            : !string.IsNullOrEmpty(home) ? (home, "ORCHESTRATOR_HOME")
            : (Path.Combine(Directory.GetCurrentDirectory(), ".orchestrator"), "the default");
        return DataDirectoryCheck.Resolve(text, source);
    }

    public static string ResolveActor(ParseResult result) => result.GetValue(Actor) ?? System.Environment.UserName;
}
