using Microsoft.Data.Sqlite;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.World;

/// <summary>
/// S25: the public folders in their own tables of the world's SQLite file (<see cref="PublicFolderDatabase"/>), not in
/// the world's rows, so that 200,000 folders stay fast. A write is one BEGIN IMMEDIATE transaction (prepared statements
/// re-bound per folder: <see cref="FolderWriteBatch"/>); this instance's writers queue in memory rather than poll
/// SQLite's busy handler for the file lock.
/// </summary>
internal sealed class SqlitePublicFolderTables(string filePath) : IPublicFolderTables
{
    private const string ListingSql =
        """
        SELECT f.name FROM public_folder_replicas r JOIN public_folders f ON f.id = r.folder_id
        WHERE r.server = $server ORDER BY f.name COLLATE BINARY;
        """;

    private const string ReplicasSql =
        """
        SELECT r.server FROM public_folders f LEFT JOIN public_folder_replicas r ON r.folder_id = f.id
        WHERE f.name = $name ORDER BY r.server COLLATE BINARY;
        """;

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
    private const string SomeNamesSql = "SELECT name FROM public_folders ORDER BY name LIMIT $limit; SELECT COUNT(*) FROM public_folders;";

    private const string TotalsSql =
        """
        SELECT COUNT(*), IFNULL(SUM(writes), 0), IFNULL(SUM(changes), 0), IFNULL(SUM(failures), 0),
               IFNULL(SUM(writes > 1), 0), IFNULL(SUM(fail_next <> 0), 0),
               (SELECT COUNT(*) FROM public_folders f
                WHERE NOT EXISTS (SELECT 1 FROM public_folder_replicas r WHERE r.folder_id = f.id))
        FROM public_folders;
        """;

    private const string PerServerSql = "SELECT server, COUNT(*) FROM public_folder_replicas GROUP BY server ORDER BY server;";

    private readonly PublicFolderDatabase database = new(filePath);

    /// <summary>Lets this instance's writers queue in memory rather than poll SQLite's busy handler for the file lock.</summary>
    private readonly SemaphoreSlim writeGate = new(1, 1);

    public async Task<IReadOnlyList<string>> ListingAsync(string server, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = Command(connection, null, ListingSql);
            command.Parameters.AddWithValue("$server", server);

            // Microsoft.Data.Sqlite's async reads run synchronously anyway; the plain reader skips a Task per row.
            using var reader = command.ExecuteReader();
            var names = new List<string>();
            while (reader.Read())
            {
                names.Add(reader.GetString(0));
            }

            return names;
        }
    }

    public async Task<IReadOnlyList<string>?> ReplicasAsync(string folder, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = Command(connection, null, ReplicasSql);
            command.Parameters.AddWithValue("$name", folder);
            using var reader = command.ExecuteReader();
            List<string>? servers = null;
            while (reader.Read())
            {
                servers ??= [];
                if (!reader.IsDBNull(0))
                {
                    servers.Add(reader.GetString(0));
                }
            }

            return servers;
        }
    }

    /// <summary>Writes every folder of one call in one BEGIN IMMEDIATE transaction, committed only when all are written.</summary>
    public async Task<FolderWriteResult[]> WriteAsync(
        string node, IReadOnlyList<string> folders, string remove, string add, CancellationToken cancellationToken)
    {
        await writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await database.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                using var transaction = connection.BeginTransaction(deferred: false);
                using var batch = new FolderWriteBatch(connection, transaction, node, remove, add);
                var results = new FolderWriteResult[folders.Count];
                for (var i = 0; i < results.Length; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    results[i] = batch.Write(folders[i]);
                }

                transaction.Commit();
                return results;
            }
        }
        finally
        {
            writeGate.Release();
        }
    }

    public async Task<int> SeedAsync(int count, IReadOnlyList<string> nodes, string prefix, CancellationToken cancellationToken)
    {
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

    public async Task<bool> FailAsync(string folder, int times, CancellationToken cancellationToken)
    {
        var connection = await database.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = Command(connection, null, FailSql);
            command.Parameters.AddWithValue("$times", times);
            command.Parameters.AddWithValue("$name", folder);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        }
    }

    public async Task ClearFaultsAsync(CancellationToken cancellationToken)
    {
        var connection = await database.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = Command(connection, null, ClearSql);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<PublicFolderSummary> SummaryAsync(CancellationToken cancellationToken)
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

    public async Task<(IReadOnlyList<string> Names, int Count)> SomeNamesAsync(int limit, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = Command(connection, null, SomeNamesSql);
            command.Parameters.AddWithValue("$limit", limit);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var names = new List<string>();
                while (reader.Read())
                {
                    names.Add(reader.GetString(0));
                }

                reader.NextResult();
                reader.Read();
                return (names, reader.GetInt32(0));
            }
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
