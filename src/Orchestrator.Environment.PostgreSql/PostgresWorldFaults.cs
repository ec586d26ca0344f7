using System.Text.Json;
using Orchestrator.Environment.World;

namespace Orchestrator.Environment.PostgreSql;

/// <summary>
/// The world's injected faults in world.world_faults (one JSON row, every fault but the latencies) and
/// world.world_latencies (one row per effect kind), as <see cref="WorldFaultTables"/> keeps them in SQLite: a latency is
/// read by its key alone; an update reads the faults only when it looks at them and writes only what changed. Both
/// tables are one lock key (<see cref="Lock"/>): shared when read, exclusive when written.
/// </summary>
internal static class PostgresWorldFaults
{
    private static readonly WorldLockKey[] Read = [Lock(exclusive: false)];
    private static readonly WorldLockKey[] Written = [Lock(exclusive: true)];

    public const string LatencySql = "SELECT latency_ticks FROM world.world_latencies WHERE kind = @kind;";

    /// <summary>The stored faults, as they were last saved (an empty set when nothing was ever saved).</summary>
    public static WorldFaultTables.Stored Load(PostgresWorldCommands commands)
    {
        var json = (string?)commands.Scalar(Read, "SELECT faults_json FROM world.world_faults WHERE id = 1;");
        var faults = json is null
            ? new WorldFaults()
            : JsonSerializer.Deserialize<WorldFaults>(json, WorldStateJson.Options) ?? new WorldFaults();
        foreach (var (kind, ticks) in commands.Query(null, _ => Read, "SELECT kind, latency_ticks FROM world.world_latencies;", r => (r.GetString(0), r.GetInt64(1))))
        {
            faults.Latencies[kind] = TimeSpan.FromTicks(ticks);
        }

        return new WorldFaultTables.Stored(faults.Clone(), json ?? "");
    }

    /// <summary>Writes <paramref name="faults"/> where they differ from <paramref name="stored"/>.</summary>
    public static void Save(PostgresWorldCommands commands, WorldFaultTables.Stored stored, WorldFaults faults)
    {
        var json = WorldFaultTables.WithoutLatencies(faults);
        if (!string.Equals(json, stored.Json, StringComparison.Ordinal))
        {
            commands.Execute(
                Written,
                "INSERT INTO world.world_faults (id, faults_json) VALUES (1, @json) ON CONFLICT (id) DO UPDATE SET faults_json = excluded.faults_json;",
                ("@json", json));
        }

        var before = stored.Faults.Latencies;
        if (before.Count == faults.Latencies.Count && faults.Latencies.All(l => before.TryGetValue(l.Key, out var b) && b == l.Value))
        {
            return;
        }

        commands.Execute(Written, "DELETE FROM world.world_latencies;");
        foreach (var (kind, latency) in faults.Latencies)
        {
            commands.Execute(Written, "INSERT INTO world.world_latencies (kind, latency_ticks) VALUES (@kind, @ticks);", ("@kind", kind), ("@ticks", latency.Ticks));
        }
    }

    /// <summary>The faults' lock key (both tables).</summary>
    private static WorldLockKey Lock(bool exclusive) => WorldLockKey.Row("world_faults", "", "1", exclusive);
}
