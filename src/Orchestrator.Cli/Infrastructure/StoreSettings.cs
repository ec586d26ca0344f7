using System.Text.Json;
using System.Text.Json.Serialization;
using Orchestrator.Engine.Errors;
using Orchestrator.Host.Composition;

namespace Orchestrator.Cli.Infrastructure;

/// <summary>
/// Which store an invocation uses: --store/--connection, else ORCHESTRATOR_STORE/ORCHESTRATOR_CONNECTION, else
/// orchestrator.json in the data directory ({"store": ..., "connection": ...}), else SQLite. Each value is taken from the
/// first place that gives it. Bad input names the value and the fix, never the connection string.
/// </summary>
public static class StoreSettings
{
    public const string FileName = "orchestrator.json";
    public const string StoreVariable = "ORCHESTRATOR_STORE";
    public const string ConnectionVariable = "ORCHESTRATOR_CONNECTION";

    private static readonly JsonSerializerOptions FileOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private static (string? Store, string? Connection) _flags;

    /// <summary>Keeps this invocation's --store and --connection (the CLI calls it once, after parsing).</summary>
    public static void CaptureFlags(string? store, string? connection) => _flags = (store, connection);

    /// <summary>The store of this invocation, for <paramref name="dataDirectory"/>.</summary>
    public static StoreSelection ForInvocation(string dataDirectory) =>
        Resolve(dataDirectory, _flags.Store, _flags.Connection, System.Environment.GetEnvironmentVariable);

    public static StoreSelection Resolve(string dataDirectory, string? flagStore, string? flagConnection, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var path = Path.Combine(Path.GetFullPath(dataDirectory), FileName);
        var file = ReadFile(path);
        var (store, storeSource) = First(
            (flagStore, "--store"), (environment(StoreVariable), StoreVariable), (file?.Store, $"\"store\" in {path}"));
        var (connection, _) = First((flagConnection, "--connection"), (environment(ConnectionVariable), ConnectionVariable), (file?.Connection, path));
        var kind = store?.Trim().ToLowerInvariant() switch
        {
            null or "sqlite" => StoreKind.Sqlite,
            "postgres" or "postgresql" => StoreKind.Postgres,
            "sqlserver" => StoreKind.SqlServer,
            _ => throw new BadInputException($"unknown store '{store}' (from {storeSource}); choose sqlite, postgres or sqlserver"),
        };
        return kind switch
        {
            StoreKind.Sqlite => StoreSelection.Sqlite,
            _ when connection is null => throw new BadInputException(
                $"the {store} store needs a connection string: pass --connection \"{(kind == StoreKind.SqlServer ? "Server=...;Database=...;User Id=..." : "Host=...;Database=...;Username=...")}\", set {ConnectionVariable}, or put \"connection\" in {path}"),
            _ => new StoreSelection(kind, connection),
        };
    }

    private static (string? Value, string Source) First(params (string? Value, string Source)[] candidates) =>
        candidates.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c.Value)) is { Value: not null } found ? found : (null, "default");

    private static StoreFile? ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<StoreFile>(File.ReadAllText(path), FileOptions)
                ?? throw new BadInputException($"{path}:1: expected an object {{\"store\": ..., \"connection\": ...}}");
        }
        catch (JsonException e)
        {
            var reason = e.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].TrimEnd('.', ' ');
            throw new BadInputException($"{path}:{(e.LineNumber ?? 0) + 1}: {reason}; expected {{\"store\": \"sqlite|postgres|sqlserver\", \"connection\": \"...\"}}");
        }
    }

    private sealed class StoreFile
    {
        public string? Store { get; init; }

        public string? Connection { get; init; }
    }
}
