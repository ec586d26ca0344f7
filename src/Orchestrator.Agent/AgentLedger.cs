using System.Globalization;
using Microsoft.Data.Sqlite;
using Orchestrator.Node;
using Orchestrator.Node.Agent;

namespace Orchestrator.Agent;

/// <summary>
/// The agent's durable ledger (agent.db in its data directory; SQLite, WAL, synchronous=FULL): per effect, that is
/// effect key, kind, resource and verb (the granularity of the world's ledger), the highest fencing token accepted,
/// whether it was applied, and its replays and stale refusals. A write is committed before the agent answers.
/// </summary>
internal sealed class AgentLedger : IDisposable
{
    public const string FileName = "agent.db";

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS agent_effects (
            effect_key    TEXT    NOT NULL,
            kind          TEXT    NOT NULL,
            resource      TEXT    NOT NULL,
            verb          TEXT    NOT NULL,
            fencing_token INTEGER NOT NULL,
            applied       INTEGER NOT NULL,
            replays       INTEGER NOT NULL DEFAULT 0,
            refusals      INTEGER NOT NULL DEFAULT 0,
            applied_at    TEXT    NOT NULL,
            PRIMARY KEY (effect_key, kind, resource, verb)
        );
        """;

    private const string Identity = "effect_key = $key AND kind = $kind AND resource = $resource AND verb = $verb";

    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    private AgentLedger(SqliteConnection connection) => _connection = connection;

    public static AgentLedger Open(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(Path.GetFullPath(dataDirectory), FileName),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;");
        Execute(connection, Schema);
        return new AgentLedger(connection);
    }

    /// <summary>The highest fencing token accepted for this effect, or null when it was never applied.</summary>
    public long? AcceptedToken(string effectKey, ResourceSpec resource, ResourceVerb verb)
    {
        lock (_gate)
        {
            using var command = Command($"SELECT fencing_token FROM agent_effects WHERE {Identity};", effectKey, resource, verb);
            return command.ExecuteScalar() is long token ? token : null;
        }
    }

    public void RecordApplied(string effectKey, long fencingToken, ResourceSpec resource, ResourceVerb verb, DateTimeOffset at)
    {
        lock (_gate)
        {
            using var command = Command(
                "INSERT INTO agent_effects (effect_key, kind, resource, verb, fencing_token, applied, applied_at) VALUES ($key, $kind, $resource, $verb, $token, 1, $at) " +
                "ON CONFLICT (effect_key, kind, resource, verb) DO NOTHING;",
                effectKey, resource, verb);
            command.Parameters.AddWithValue("$token", fencingToken);
            command.Parameters.AddWithValue("$at", at.ToString("O", CultureInfo.InvariantCulture));
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Counts a replay and remembers <paramref name="acceptedToken"/> (the higher of the old and the replay's).</summary>
    public void RecordReplay(string effectKey, long acceptedToken, ResourceSpec resource, ResourceVerb verb)
    {
        lock (_gate)
        {
            using var command = Command($"UPDATE agent_effects SET replays = replays + 1, fencing_token = $token WHERE {Identity};", effectKey, resource, verb);
            command.Parameters.AddWithValue("$token", acceptedToken);
            command.ExecuteNonQuery();
        }
    }

    public void RecordRefusal(string effectKey, ResourceSpec resource, ResourceVerb verb)
    {
        lock (_gate)
        {
            using var command = Command($"UPDATE agent_effects SET refusals = refusals + 1 WHERE {Identity};", effectKey, resource, verb);
            command.ExecuteNonQuery();
        }
    }

    public IReadOnlyList<AgentLedgerEntry> Entries()
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT effect_key, kind, resource, verb, fencing_token, applied, replays, refusals, applied_at FROM agent_effects ORDER BY applied_at, effect_key;";
            using var reader = command.ExecuteReader();
            var entries = new List<AgentLedgerEntry>();
            while (reader.Read())
            {
                entries.Add(new AgentLedgerEntry(
                    reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4), reader.GetInt32(5), reader.GetInt32(6),
                    DateTimeOffset.Parse(reader.GetString(8), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind))
                {
                    Refusals = reader.GetInt32(7),
                });
            }

            return entries;
        }
    }

    public void Dispose() => _connection.Dispose();

    /// <summary>The verb as the ledger writes it (start, stop: the OCF names).</summary>
    public static string VerbName(ResourceVerb verb) => verb.ToString().ToLowerInvariant();

    private SqliteCommand Command(string sql, string effectKey, ResourceSpec resource, ResourceVerb verb)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$key", effectKey);
        command.Parameters.AddWithValue("$kind", resource.Kind);
        command.Parameters.AddWithValue("$resource", resource.Name);
        command.Parameters.AddWithValue("$verb", VerbName(verb));
        return command;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
