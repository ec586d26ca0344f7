using System.Data;
using Npgsql;
using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;

namespace Orchestrator.Environment.PostgreSql;

/// <summary>
/// S25: the public folders in world.public_folders and world.public_folder_replicas, as SQLite keeps them in the world's
/// file: every write (a replica move of many folders, a seed, a fault) is one transaction that first takes a
/// transaction-level advisory lock, so writes of every process run one at a time (SQLite's one writer); names compare
/// without case through lower(...), and lists are ordered ordinally (COLLATE "C").
/// </summary>
internal sealed class PostgresPublicFolderTables(NpgsqlDataSource dataSource) : IPublicFolderTables
{
    /// <summary>The advisory lock's key: the public folders' writers, in every process.</summary>
    private const string LockSql = "SELECT pg_advisory_xact_lock(hashtext('world.public_folders'));";

    private const string ListingSql =
        """
        SELECT f.name FROM world.public_folder_replicas r JOIN world.public_folders f ON f.id = r.folder_id
        WHERE lower(r.server) = lower(@server) ORDER BY f.name COLLATE "C";
        """;

    private const string ReplicasSql =
        """
        SELECT r.server FROM world.public_folders f LEFT JOIN world.public_folder_replicas r ON r.folder_id = f.id
        WHERE lower(f.name) = lower(@name) ORDER BY r.server COLLATE "C";
        """;

    private const string FindSql = "SELECT id, fail_next FROM world.public_folders WHERE lower(name) = lower(@name);";

    private const string FailWriteSql =
        """
        UPDATE world.public_folders
        SET writes = writes + 1, failures = failures + 1,
            fail_next = CASE WHEN fail_next > 0 THEN fail_next - 1 ELSE fail_next END
        WHERE id = @id;
        """;

    private const string AddSql = "INSERT INTO world.public_folder_replicas (server, folder_id) VALUES (@server, @id) ON CONFLICT DO NOTHING;";
    private const string RemoveSql = "DELETE FROM world.public_folder_replicas WHERE lower(server) = lower(@server) AND folder_id = @id;";
    private const string CountSql = "UPDATE world.public_folders SET writes = writes + 1, changes = changes + @changed WHERE id = @id;";

    private const string MaxIdSql = "SELECT COALESCE(MAX(id), 0) FROM world.public_folders;";

    private const string SeedFoldersSql =
        """
        INSERT INTO world.public_folders (name)
        SELECT @prefix || CASE WHEN i < 1000000 THEN lpad(i::text, 6, '0') ELSE i::text END FROM generate_series(1, @count) AS i
        ON CONFLICT DO NOTHING;
        """;

    private const string SeedReplicasSql =
        "INSERT INTO world.public_folder_replicas (server, folder_id) SELECT @server, id FROM world.public_folders WHERE id > @after ON CONFLICT DO NOTHING;";

    private const string FailSql = "UPDATE world.public_folders SET fail_next = @times WHERE lower(name) = lower(@name);";
    private const string ClearSql = "UPDATE world.public_folders SET fail_next = 0 WHERE fail_next <> 0;";
    private const string SomeNamesSql = "SELECT name FROM world.public_folders ORDER BY name COLLATE \"C\" LIMIT @limit;";
    private const string CountFoldersSql = "SELECT COUNT(*) FROM world.public_folders;";

    private const string TotalsSql =
        """
        SELECT COUNT(*), COALESCE(SUM(writes), 0), COALESCE(SUM(changes), 0), COALESCE(SUM(failures), 0),
               COUNT(*) FILTER (WHERE writes > 1), COUNT(*) FILTER (WHERE fail_next <> 0),
               (SELECT COUNT(*) FROM world.public_folders f
                WHERE NOT EXISTS (SELECT 1 FROM world.public_folder_replicas r WHERE r.folder_id = f.id))
        FROM world.public_folders;
        """;

    private const string PerServerSql = "SELECT min(server), COUNT(*) FROM world.public_folder_replicas GROUP BY lower(server) ORDER BY 1;";

    public async Task<IReadOnlyList<string>> ListingAsync(string server, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await ReadAsync(Command(connection, null, ListingSql, ("server", server)), r => r.GetString(0), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<string>?> ReplicasAsync(string folder, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await ReadAsync(Command(connection, null, ReplicasSql, ("name", folder)), r => r.IsDBNull(0) ? null : r.GetString(0), cancellationToken)
                .ConfigureAwait(false);
            return rows.Count == 0 ? null : rows.OfType<string>().ToList();
        }
    }

    public Task<FolderWriteResult[]> WriteAsync(string node, IReadOnlyList<string> folders, string remove, string add, CancellationToken cancellationToken) =>
        InWriteAsync(
            async (connection, transaction) =>
            {
                var results = new FolderWriteResult[folders.Count];
                for (var i = 0; i < results.Length; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    results[i] = await WriteOneAsync(connection, transaction, node, folders[i], remove, add, cancellationToken).ConfigureAwait(false);
                }

                return results;
            },
            cancellationToken);

    public Task<int> SeedAsync(int count, IReadOnlyList<string> nodes, string prefix, CancellationToken cancellationToken) =>
        InWriteAsync(
            async (connection, transaction) =>
            {
                using var maxId = Command(connection, transaction, MaxIdSql);
                var after = (long)(await maxId.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                using var seed = Command(connection, transaction, SeedFoldersSql, ("prefix", prefix), ("count", count));
                var created = await seed.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

                // New folders get ids above every existing one (we hold the writers' lock), so they are the ones to list.
                foreach (var node in created == 0 ? [] : nodes)
                {
                    using var replicas = Command(connection, transaction, SeedReplicasSql, ("server", node), ("after", after));
                    await replicas.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                return created;
            },
            cancellationToken);

    public Task<bool> FailAsync(string folder, int times, CancellationToken cancellationToken) =>
        InWriteAsync(
            async (connection, transaction) =>
            {
                using var command = Command(connection, transaction, FailSql, ("times", times), ("name", folder));
                return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
            },
            cancellationToken);

    public Task ClearFaultsAsync(CancellationToken cancellationToken) =>
        InWriteAsync(
            async (connection, transaction) =>
            {
                using var command = Command(connection, transaction, ClearSql);
                return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);

    public async Task<PublicFolderSummary> SummaryAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var perServer = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
                foreach (var (server, count) in await ReadAsync(
                             Command(connection, transaction, PerServerSql), r => (r.GetString(0), (int)r.GetInt64(1)), cancellationToken).ConfigureAwait(false))
                {
                    perServer[server] = count;
                }

                var totals = await ReadAsync(
                        Command(connection, transaction, TotalsSql),
                        r => new PublicFolderSummary(
                            Folders: (int)r.GetInt64(0),
                            PerServer: perServer,
                            Writes: Convert.ToInt64(r.GetValue(1), System.Globalization.CultureInfo.InvariantCulture),
                            Changes: Convert.ToInt64(r.GetValue(2), System.Globalization.CultureInfo.InvariantCulture),
                            Failures: Convert.ToInt64(r.GetValue(3), System.Globalization.CultureInfo.InvariantCulture),
                            FoldersWithoutReplica: (int)r.GetInt64(6),
                            FoldersWrittenMoreThanOnce: (int)r.GetInt64(4),
                            FoldersWithFault: (int)r.GetInt64(5)),
                        cancellationToken)
                    .ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return totals[0];
            }
        }
    }

    public async Task<(IReadOnlyList<string> Names, int Count)> SomeNamesAsync(int limit, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var names = await ReadAsync(Command(connection, null, SomeNamesSql, ("limit", limit)), r => r.GetString(0), cancellationToken).ConfigureAwait(false);
            using var count = Command(connection, null, CountFoldersSql);
            return (names, (int)(long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!);
        }
    }

    /// <summary>One folder's write inside the call's transaction; an unknown folder is a failure that counts nothing.</summary>
    private static async Task<FolderWriteResult> WriteOneAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string node, string folder, string remove, string add, CancellationToken cancellationToken)
    {
        var found = await ReadAsync(Command(connection, transaction, FindSql, ("name", folder)), r => (Id: r.GetInt64(0), FailNext: r.GetInt32(1)), cancellationToken)
            .ConfigureAwait(false);
        if (found.Count == 0)
        {
            return new FolderWriteResult(folder, FolderWriteOutcome.Failed, $"no public folder named {folder}");
        }

        var (id, failNext) = found[0];
        if (failNext != 0)
        {
            using var fail = Command(connection, transaction, FailWriteSql, ("id", id));
            await fail.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return new FolderWriteResult(folder, FolderWriteOutcome.Failed, $"injected fault: the replica list of {folder} could not be written on {node}");
        }

        using var added = Command(connection, transaction, AddSql, ("server", add), ("id", id));
        using var removed = Command(connection, transaction, RemoveSql, ("server", remove), ("id", id));
        var changed = await added.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) + await removed.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        using var count = Command(connection, transaction, CountSql, ("changed", changed ? 1 : 0), ("id", id));
        await count.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return new FolderWriteResult(folder, changed ? FolderWriteOutcome.Changed : FolderWriteOutcome.AlreadyCorrect);
    }

    /// <summary>Runs <paramref name="write"/> in one transaction holding the writers' advisory lock, committed only when it returns.</summary>
    private async Task<T> InWriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> write, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                using (var take = Command(connection, transaction, LockSql))
                {
                    await take.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                var result = await write(connection, transaction).ConfigureAwait(false);
                await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                return result;
            }
        }
    }

    private static async Task<List<T>> ReadAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        using (command)
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var rows = new List<T>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows.Add(read(reader));
                }

                return rows;
            }
        }
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params ReadOnlySpan<(string Name, object Value)> parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
