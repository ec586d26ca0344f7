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

    public static readonly Option<string?> Actor = new("--actor")
    {
        Description = "Who is acting, for the audit journal (default: the OS user name)",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json") { Description = "Print JSON instead of tables", Recursive = true };

    public static string ResolveDataDir(ParseResult result) =>
        Path.GetFullPath(result.GetValue(DataDir)
            ?? System.Environment.GetEnvironmentVariable("ORCHESTRATOR_HOME")
            ?? Path.Combine(Directory.GetCurrentDirectory(), ".orchestrator"));

    public static string ResolveActor(ParseResult result) => result.GetValue(Actor) ?? System.Environment.UserName;
}
