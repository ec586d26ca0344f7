using Microsoft.Data.Sqlite;

namespace Orchestrator.Environment.World;

public sealed partial class SimulatedPublicFolders
{
    /// <summary>The name prefix of seeded folders: "Public Folders/Folder 000001", ...</summary>
    public const string DefaultPrefix = "Public Folders/Folder ";

    /// <summary>How many folder names an unknown-folder error lists.</summary>
    private const int NamesShown = 5;

    private const string MaxIdSql = "SELECT IFNULL(MAX(id), 0) FROM public_folders;";

    private const string SeedFoldersSql =
        """
        INSERT OR IGNORE INTO public_folders (name)
        WITH RECURSIVE seq(i) AS (SELECT 1 WHERE $count >= 1 UNION ALL SELECT i + 1 FROM seq WHERE i < $count)
        SELECT $prefix || printf('%06d', i) FROM seq;
        """;

    private const string SeedReplicasSql =
        "INSERT OR IGNORE INTO public_folder_replicas (server, folder_id) SELECT $server, id FROM public_folders WHERE id > $after;";

    private const string FailSql = "UPDATE public_folders SET fail_next = $times WHERE name = $name;";
    private const string ClearSql = "UPDATE public_folders SET fail_next = 0 WHERE fail_next <> 0;";
    private const string SomeNamesSql = "SELECT name FROM public_folders ORDER BY name LIMIT $limit;";

    private const string TotalsSql =
        """
        SELECT COUNT(*), IFNULL(SUM(writes), 0), IFNULL(SUM(changes), 0), IFNULL(SUM(failures), 0),
               IFNULL(SUM(writes > 1), 0), IFNULL(SUM(fail_next <> 0), 0),
               (SELECT COUNT(*) FROM public_folders f
                WHERE NOT EXISTS (SELECT 1 FROM public_folder_replicas r WHERE r.folder_id = f.id))
        FROM public_folders;
        """;

    private const string PerServerSql = "SELECT server, COUNT(*) FROM public_folder_replicas GROUP BY server ORDER BY server;";

    /// <summary>
    /// Creates the folders "{prefix}{i:D6}" for i = 1..<paramref name="count"/> that do not exist yet, each listing
    /// every one of <paramref name="servers"/> (nodes of the world), in one transaction. Existing folders keep their
    /// lists. Returns how many folders were created.
    /// </summary>
    /// <exception cref="UnknownWorldObjectException">a server is not a node of the world; nothing was created.</exception>
    public async Task<int> SeedAsync(
        int count, IReadOnlyList<string> servers, string prefix = DefaultPrefix, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(servers);
        ArgumentNullException.ThrowIfNull(prefix);
        foreach (var server in servers)
        {
            ArgumentNullException.ThrowIfNull(server, nameof(servers));
        }

        var nodes = await store.ReadAsync(
                state => servers.Select(s => WorldLookup.Node(state, s).Name).Distinct(StringComparer.OrdinalIgnoreCase).ToArray(),
                cancellationToken)
            .ConfigureAwait(false);

        var connection = await database.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            using var maxId = Command(connection, transaction, MaxIdSql);
            var after = (long)(await maxId.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;

            using var folders = Command(connection, transaction, SeedFoldersSql);
            folders.Parameters.AddWithValue("$count", count);
            folders.Parameters.AddWithValue("$prefix", prefix);
            var created = await folders.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

            // New folders get ids above every existing one (we hold the write lock), so they are the ones to list.
            using var replicas = Command(connection, transaction, SeedReplicasSql);
            var server = replicas.Parameters.Add(new SqliteParameter { ParameterName = "$server" });
            replicas.Parameters.AddWithValue("$after", after);
            foreach (var node in created == 0 ? [] : nodes)
            {
                server.Value = node;
                await replicas.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            transaction.Commit();
            return created;
        }
    }

    /// <summary>
    /// The next <paramref name="times"/> writes of the folder fail (-1: every write fails until
    /// <see cref="ClearFolderFaultsAsync"/>); replaces a fault the folder already had.
    /// </summary>
    /// <exception cref="UnknownWorldObjectException">the directory has no such folder.</exception>
    public async Task FailFolderAsync(string folder, int times, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (times is 0 or < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(times), times, "a positive number of writes, or -1 for every write");
        }

        var connection = await database.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = Command(connection, null, FailSql);
            command.Parameters.AddWithValue("$times", times);
            command.Parameters.AddWithValue("$name", folder);
            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                throw await UnknownFolderAsync(connection, folder, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Removes every injected folder fault (the world's own faults are cleared by <see cref="SimulatedWorld.ClearFaultsAsync"/>).</summary>
    public async Task ClearFolderFaultsAsync(CancellationToken cancellationToken = default)
    {
        var connection = await database.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = Command(connection, null, ClearSql);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The folders, their replicas per server and their write counters, read in one consistent snapshot.</summary>
    public async Task<PublicFolderSummary> SummaryAsync(CancellationToken cancellationToken = default)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var transaction = connection.BeginTransaction(deferred: true);
            var perServer = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            using (var servers = Command(connection, transaction, PerServerSql))
            using (var reader = servers.ExecuteReader())
            {
                while (reader.Read())
                {
                    perServer[reader.GetString(0)] = reader.GetInt32(1);
                }
            }

            using var totals = Command(connection, transaction, TotalsSql);
            using var row = totals.ExecuteReader();
            row.Read();
            return new PublicFolderSummary(
                Folders: row.GetInt32(0),
                PerServer: perServer,
                Writes: row.GetInt64(1),
                Changes: row.GetInt64(2),
                Failures: row.GetInt64(3),
                FoldersWithoutReplica: row.GetInt32(6),
                FoldersWrittenMoreThanOnce: row.GetInt32(4),
                FoldersWithFault: row.GetInt32(5));
        }
    }

    /// <summary>The error for an unknown folder: it names the first few folders and how many more there are.</summary>
    private static async Task<UnknownWorldObjectException> UnknownFolderAsync(
        SqliteConnection connection, string folder, CancellationToken cancellationToken)
    {
        using var command = Command(connection, null, SomeNamesSql + " SELECT COUNT(*) FROM public_folders;");
        command.Parameters.AddWithValue("$limit", NamesShown);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            var known = new List<string>();
            while (reader.Read())
            {
                known.Add(reader.GetString(0));
            }

            reader.NextResult();
            reader.Read();
            var more = reader.GetInt32(0) - known.Count;
            if (more > 0)
            {
                known.Add($"and {more} more");
            }

            return new UnknownWorldObjectException("public folder", folder, known);
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
