using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Orchestrator.Environment.World;

/// <summary>
/// The world's injected faults in their own small tables of the world's SQLite file, beside the world's rows:
/// world_faults holds one JSON row with every fault but the latencies, world_latencies one row per effect kind, so a
/// latency is read by its key without reading (or deserializing) anything else; an update reads the faults only when it looks at them.
/// </summary>
internal static class WorldFaultTables
{
    public const string Schema =
        """
        CREATE TABLE IF NOT EXISTS world_faults (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            faults_json TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS world_latencies (
            kind TEXT NOT NULL PRIMARY KEY,
            latency_ticks INTEGER NOT NULL
        ) WITHOUT ROWID;
        """;

    private const string LatencySql = "SELECT latency_ticks FROM world_latencies WHERE kind = @kind;";

    /// <summary>The latency of one effect kind (zero when none).</summary>
    public static async Task<TimeSpan> LatencyOfAsync(SqliteConnection connection, EffectKind kind) =>
        TimeSpan.FromTicks(await connection.ExecuteScalarAsync<long?>(LatencySql, new { kind = kind.ToString() }).ConfigureAwait(false) ?? 0);

    /// <summary>True when the faults row exists (the file's faults have left its document).</summary>
    public static bool Exist(SqliteConnection connection, SqliteTransaction transaction) =>
        connection.ExecuteScalar<long>("SELECT count(*) FROM world_faults;", transaction: transaction) > 0;

    /// <summary>The stored faults, as they were last saved (an empty set when nothing was ever saved).</summary>
    public static Stored Load(WorldCommands commands)
    {
        var json = (string?)commands.Scalar("SELECT faults_json FROM world_faults WHERE id = 1;");
        var faults = json is null
            ? new WorldFaults()
            : JsonSerializer.Deserialize<WorldFaults>(json, WorldStateJson.Options) ?? new WorldFaults();
        var latencies = commands.Query("SELECT kind, latency_ticks FROM world_latencies;", r => (Kind: r.GetString(0), Ticks: r.GetInt64(1)));
        foreach (var (kind, ticks) in latencies)
        {
            faults.Latencies[kind] = TimeSpan.FromTicks(ticks);
        }

        return new Stored(faults.Clone(), json ?? "");
    }

    /// <summary>Writes <paramref name="faults"/> where they differ from <paramref name="stored"/>; true when it wrote anything.</summary>
    public static bool Save(WorldCommands commands, Stored stored, WorldFaults faults)
    {
        var json = WithoutLatencies(faults);
        var wrote = false;
        if (!string.Equals(json, stored.Json, StringComparison.Ordinal))
        {
            commands.Execute(
                "INSERT INTO world_faults (id, faults_json) VALUES (1, @json) ON CONFLICT (id) DO UPDATE SET faults_json = excluded.faults_json;",
                ("@json", json));
            wrote = true;
        }

        var before = stored.Faults.Latencies;
        if (before.Count == faults.Latencies.Count
            && faults.Latencies.All(l => before.TryGetValue(l.Key, out var b) && b == l.Value))
        {
            return wrote;
        }

        commands.Execute("DELETE FROM world_latencies;");
        foreach (var (kind, latency) in faults.Latencies)
        {
            commands.Execute("INSERT INTO world_latencies (kind, latency_ticks) VALUES (@Kind, @Ticks);", ("@Kind", kind), ("@Ticks", latency.Ticks));
        }

        return true;
    }

    /// <summary>The faults' JSON row: every fault but the latencies (which have a row per kind).</summary>
    internal static string WithoutLatencies(WorldFaults faults)
    {
        var copy = faults.Clone();
        copy.Latencies.Clear();
        return JsonSerializer.Serialize(copy, WorldStateJson.Options);
    }

    /// <summary>The faults as loaded, and the JSON row they came from (empty when there was none).</summary>
    public sealed record Stored(WorldFaults Faults, string Json);
}
