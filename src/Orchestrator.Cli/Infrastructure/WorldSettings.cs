using Orchestrator.Engine.Errors;
using Orchestrator.Host.Composition;

namespace Orchestrator.Cli.Infrastructure;

/// <summary>
/// Where the simulated world lives: ORCHESTRATOR_WORLD (a path to a SQLite world file) when set; else, on PostgreSQL or SQL Server, in
/// the store's database (schema world, shared by every runner); else world.db in the data directory. Bad input names the
/// variable and the fix.
/// </summary>
public static class WorldSettings
{
    public const string Variable = "ORCHESTRATOR_WORLD";

    /// <summary>The world file of this invocation, for <paramref name="dataDirectory"/> on <paramref name="store"/>; null: the world is in the store's database.</summary>
    public static string? ForInvocation(string dataDirectory, StoreKind store) => ForStore(dataDirectory, store, System.Environment.GetEnvironmentVariable);

    /// <summary>The world file for <paramref name="store"/>: null when the variable is unset and the store is PostgreSQL or SQL Server (the world is in its database).</summary>
    public static string? ForStore(string dataDirectory, StoreKind store, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return (store is StoreKind.Postgres or StoreKind.SqlServer) && string.IsNullOrWhiteSpace(environment(Variable)) ? null : Resolve(dataDirectory, environment);
    }

    public static string Resolve(string dataDirectory, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var text = environment(Variable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return Path.Combine(Path.GetFullPath(dataDirectory), "world.db");
        }

        string path;
        try
        {
            path = Path.GetFullPath(text);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new BadInputException($"environment variable {Variable}='{text}' is not a usable path ({e.Message}); set it to a world.db file or unset it");
        }

        if (Directory.Exists(path) || Path.EndsInDirectorySeparator(text))
        {
            throw new BadInputException($"environment variable {Variable}='{text}' is a directory; set it to a file such as {Path.Combine(path, "world.db")}, or unset it");
        }

        if (Path.GetDirectoryName(path) is not { } parent || !Directory.Exists(parent))
        {
            throw new BadInputException($"environment variable {Variable}='{text}': its directory does not exist; create it or unset the variable");
        }

        return path;
    }
}
