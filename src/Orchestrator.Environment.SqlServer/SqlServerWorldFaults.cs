using System.Text.Json;
using Orchestrator.Environment.World;

namespace Orchestrator.Environment.SqlServer;

/// <summary>
/// The world's injected faults in world.world_faults (one JSON row, every fault but the latencies) and
/// world.world_latencies (one row per effect kind), as <see cref="WorldFaultTables"/> keeps them in SQLite: a latency is
/// read by its key alone; an update reads the faults only when it looks at them and writes only what changed.
/// </summary>
internal static class SqlServerWorldFaults
{
    public const string LatencySql = "SELECT latency_ticks FROM world.world_latencies WHERE kind = @kind;";

    private const string FaultsSql = "SELECT faults_json FROM world.world_faults WHERE id = 1;";

    private const string LatenciesSql = "SELECT kind, latency_ticks FROM world.world_latencies;";

    private const string SaveFaultsSql =
        """
        UPDATE world.world_faults SET faults_json = @json WHERE id = 1;
        IF @@ROWCOUNT = 0 INSERT INTO world.world_faults (id, faults_json) VALUES (1, @json);
        """;

    private const string ClearLatenciesSql = "DELETE FROM world.world_latencies;";

    private const string AddLatencySql = "INSERT INTO world.world_latencies (kind, latency_ticks) VALUES (@kind, @ticks);";

    /// <summary>The stored faults, as they were last saved (an empty set when nothing was ever saved).</summary>
    public static WorldFaultTables.Stored Load(SqlServerWorldCommands commands)
    {
        var json = (string?)commands.Scalar(FaultsSql);
        var faults = json is null
            ? new WorldFaults()
            : JsonSerializer.Deserialize<WorldFaults>(json, WorldStateJson.Options) ?? new WorldFaults();
        foreach (var (kind, ticks) in commands.Query(LatenciesSql, r => (r.GetString(0), r.GetInt64(1))))
        {
            faults.Latencies[kind] = TimeSpan.FromTicks(ticks);
        }

        return new WorldFaultTables.Stored(faults.Clone(), json ?? "");
    }

    /// <summary>Writes <paramref name="faults"/> where they differ from <paramref name="stored"/>.</summary>
    public static void Save(SqlServerWorldCommands commands, WorldFaultTables.Stored stored, WorldFaults faults)
    {
        var json = WorldFaultTables.WithoutLatencies(faults);
        if (!string.Equals(json, stored.Json, StringComparison.Ordinal))
        {
            commands.Execute(SaveFaultsSql, ("@json", json));
        }

        var before = stored.Faults.Latencies;
        if (before.Count == faults.Latencies.Count && faults.Latencies.All(l => before.TryGetValue(l.Key, out var b) && b == l.Value))
        {
            return;
        }

        commands.Execute(ClearLatenciesSql);
        foreach (var (kind, latency) in faults.Latencies)
        {
            commands.Execute(AddLatencySql, ("@kind", kind), ("@ticks", latency.Ticks));
        }
    }
}
