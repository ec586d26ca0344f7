using System.Data;
using System.Globalization;
using Microsoft.Data.SqlClient;
using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;

namespace Orchestrator.Environment.SqlServer;

/// <summary>
/// S25: the public folders in world.public_folders and world.public_folder_replicas, as SQLite keeps them in the world's
/// file: every write (a replica move of many folders, a seed, a fault) is one transaction that first takes an exclusive
/// application lock owned by the transaction (<c>sp_getapplock</c>), so writes of every process run one at a time
/// (SQLite's one writer); the summary takes it shared, so it reads no write's half. Names compare through the
/// database's case-insensitive collation; lists are ordered ordinally (a binary collation).
/// </summary>
internal sealed class SqlServerPublicFolderTables(string connectionString) : IPublicFolderTables
{
    private const string WriteLockSql =
        """
        DECLARE @granted int;
        EXEC @granted = sys.sp_getapplock @Resource = N'world.public_folders', @LockMode = N'Exclusive', @LockOwner = N'Transaction', @LockTimeout = -1;
        IF @granted < 0 THROW 50030, N'the public folders'' lock (sp_getapplock world.public_folders) was not granted', 1;
        """;

    private const string ReadLockSql =
        """
        DECLARE @granted int;
        EXEC @granted = sys.sp_getapplock @Resource = N'world.public_folders', @LockMode = N'Shared', @LockOwner = N'Transaction', @LockTimeout = -1;
        IF @granted < 0 THROW 50030, N'the public folders'' lock (sp_getapplock world.public_folders) was not granted', 1;
        """;

    private const string ListingSql =
        """
        SELECT f.name FROM world.public_folder_replicas r JOIN world.public_folders f ON f.id = r.folder_id
        WHERE r.server = @server ORDER BY f.name COLLATE Latin1_General_100_BIN2;
        """;

    private const string ReplicasSql =
        """
        SELECT r.server FROM world.public_folders f LEFT JOIN world.public_folder_replicas r ON r.folder_id = f.id
        WHERE f.name = @name ORDER BY r.server COLLATE Latin1_General_100_BIN2;
        """;

    private const string FindSql = "SELECT id, fail_next FROM world.public_folders WHERE name = @name;";

    private const string FailWriteSql =
        """
        UPDATE world.public_folders
        SET writes = writes + 1, failures = failures + 1,
            fail_next = CASE WHEN fail_next > 0 THEN fail_next - 1 ELSE fail_next END
        WHERE id = @id;
        """;

    private const string AddSql =
        """
        INSERT INTO world.public_folder_replicas (server, folder_id) SELECT @server, @id
        WHERE NOT EXISTS (SELECT 1 FROM world.public_folder_replicas WHERE server = @server AND folder_id = @id);
        """;

    private const string RemoveSql = "DELETE FROM world.public_folder_replicas WHERE server = @server AND folder_id = @id;";
    private const string CountSql = "UPDATE world.public_folders SET writes = writes + 1, changes = changes + @changed WHERE id = @id;";

    private const string MaxIdSql = "SELECT COALESCE(MAX(id), 0) FROM world.public_folders;";

    /// <summary>1..@count from a cross join of digits (up to 10^7), named "{prefix}{i:D6}" like SQLite's and PostgreSQL's.</summary>
    private const string SeedFoldersSql =
        """
        WITH digits AS (SELECT d FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS v(d)),
        numbers AS (
            SELECT TOP (@count) ROW_NUMBER() OVER (ORDER BY (SELECT NULL)) AS i
            FROM digits a CROSS JOIN digits b CROSS JOIN digits c CROSS JOIN digits d CROSS JOIN digits e CROSS JOIN digits f CROSS JOIN digits g),
        names AS (
            SELECT @prefix + CASE WHEN i < 1000000 THEN RIGHT(N'00000' + CAST(i AS nvarchar(20)), 6) ELSE CAST(i AS nvarchar(20)) END AS name
            FROM numbers)
        INSERT INTO world.public_folders (name)
        SELECT n.name FROM names n WHERE NOT EXISTS (SELECT 1 FROM world.public_folders f WHERE f.name = n.name)
        ORDER BY n.name;
        """;

    private const string SeedReplicasSql =
        """
        INSERT INTO world.public_folder_replicas (server, folder_id) SELECT @server, f.id FROM world.public_folders f
        WHERE f.id > @after AND NOT EXISTS (SELECT 1 FROM world.public_folder_replicas r WHERE r.server = @server AND r.folder_id = f.id);
        """;

    private const string FailSql = "UPDATE world.public_folders SET fail_next = @times WHERE name = @name;";
    private const string ClearSql = "UPDATE world.public_folders SET fail_next = 0 WHERE fail_next <> 0;";
    private const string SomeNamesSql = "SELECT TOP (@limit) name FROM world.public_folders ORDER BY name COLLATE Latin1_General_100_BIN2;";
    private const string CountFoldersSql = "SELECT COUNT_BIG(*) FROM world.public_folders;";

    private const string TotalsSql =
        """
        SELECT COUNT_BIG(*), COALESCE(SUM(writes), 0), COALESCE(SUM(changes), 0), COALESCE(SUM(failures), 0),
               COALESCE(SUM(CASE WHEN writes > 1 THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN fail_next <> 0 THEN 1 ELSE 0 END), 0),
               (SELECT COUNT_BIG(*) FROM world.public_folders f
                WHERE NOT EXISTS (SELECT 1 FROM world.public_folder_replicas r WHERE r.folder_id = f.id))
        FROM world.public_folders;
        """;

    private const string PerServerSql = "SELECT MIN(server), COUNT_BIG(*) FROM world.public_folder_replicas GROUP BY server ORDER BY 1;";

    public async Task<IReadOnlyList<string>> ListingAsync(string server, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await ReadAsync(Command(connection, null, ListingSql, ("@server", server)), r => r.GetString(0), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<string>?> ReplicasAsync(string folder, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await ReadAsync(Command(connection, null, ReplicasSql, ("@name", folder)), r => r.IsDBNull(0) ? null : r.GetString(0), cancellationToken)
                .ConfigureAwait(false);
            return rows.Count == 0 ? null : rows.OfType<string>().ToList();
        }
    }

    public Task<FolderWriteResult[]> WriteAsync(string node, IReadOnlyList<string> folders, string remove, string add, CancellationToken cancellationToken) =>
        InTransactionAsync(
            WriteLockSql,
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
        InTransactionAsync(
            WriteLockSql,
            async (connection, transaction) =>
            {
                using var maxId = Command(connection, transaction, MaxIdSql);
                var after = (long)(await maxId.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                using var seed = Command(connection, transaction, SeedFoldersSql, ("@prefix", prefix), ("@count", count));
                var created = await seed.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

                // New folders get ids above every existing one (we hold the writers' lock), so they are the ones to list.
                foreach (var node in created <= 0 ? [] : nodes)
                {
                    using var replicas = Command(connection, transaction, SeedReplicasSql, ("@server", node), ("@after", after));
                    await replicas.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                return Math.Max(0, created);
            },
            cancellationToken);

    public Task<bool> FailAsync(string folder, int times, CancellationToken cancellationToken) =>
        InTransactionAsync(
            WriteLockSql,
            async (connection, transaction) =>
            {
                using var command = Command(connection, transaction, FailSql, ("@times", times), ("@name", folder));
                return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
            },
            cancellationToken);

    public Task ClearFaultsAsync(CancellationToken cancellationToken) =>
        InTransactionAsync(
            WriteLockSql,
            async (connection, transaction) =>
            {
                using var command = Command(connection, transaction, ClearSql);
                return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);

    public Task<PublicFolderSummary> SummaryAsync(CancellationToken cancellationToken) =>
        InTransactionAsync(
            ReadLockSql,
            async (connection, transaction) =>
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
                            Writes: Convert.ToInt64(r.GetValue(1), CultureInfo.InvariantCulture),
                            Changes: Convert.ToInt64(r.GetValue(2), CultureInfo.InvariantCulture),
                            Failures: Convert.ToInt64(r.GetValue(3), CultureInfo.InvariantCulture),
                            FoldersWithoutReplica: (int)r.GetInt64(6),
                            FoldersWrittenMoreThanOnce: Convert.ToInt32(r.GetValue(4), CultureInfo.InvariantCulture),
                            FoldersWithFault: Convert.ToInt32(r.GetValue(5), CultureInfo.InvariantCulture)),
                        cancellationToken)
                    .ConfigureAwait(false);
                return totals[0];
            },
            cancellationToken);

    public async Task<(IReadOnlyList<string> Names, int Count)> SomeNamesAsync(int limit, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var names = await ReadAsync(Command(connection, null, SomeNamesSql, ("@limit", limit)), r => r.GetString(0), cancellationToken).ConfigureAwait(false);
            using var count = Command(connection, null, CountFoldersSql);
            return (names, (int)(long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!);
        }
    }

    /// <summary>One folder's write inside the call's transaction; an unknown folder is a failure that counts nothing.</summary>
    private static async Task<FolderWriteResult> WriteOneAsync(
        SqlConnection connection, SqlTransaction transaction, string node, string folder, string remove, string add, CancellationToken cancellationToken)
    {
        var found = await ReadAsync(Command(connection, transaction, FindSql, ("@name", folder)), r => (Id: r.GetInt64(0), FailNext: r.GetInt32(1)), cancellationToken)
            .ConfigureAwait(false);
        if (found.Count == 0)
        {
            return new FolderWriteResult(folder, FolderWriteOutcome.Failed, $"no public folder named {folder}");
        }

        var (id, failNext) = found[0];
        if (failNext != 0)
        {
            using var fail = Command(connection, transaction, FailWriteSql, ("@id", id));
            await fail.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return new FolderWriteResult(folder, FolderWriteOutcome.Failed, $"injected fault: the replica list of {folder} could not be written on {node}");
        }

        using var added = Command(connection, transaction, AddSql, ("@server", add), ("@id", id));
        using var removed = Command(connection, transaction, RemoveSql, ("@server", remove), ("@id", id));
        var changed = await added.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) + await removed.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        using var count = Command(connection, transaction, CountSql, ("@changed", changed ? 1 : 0), ("@id", id));
        await count.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return new FolderWriteResult(folder, changed ? FolderWriteOutcome.Changed : FolderWriteOutcome.AlreadyCorrect);
    }

    /// <summary>Runs <paramref name="work"/> in one transaction that first takes the folders' application lock, committed only when it returns.</summary>
    private async Task<T> InTransactionAsync<T>(string lockSql, Func<SqlConnection, SqlTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = (SqlTransaction)await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                using (var take = Command(connection, transaction, lockSql))
                {
                    await take.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                var result = await work(connection, transaction).ConfigureAwait(false);
                await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                return result;
            }
        }
    }

    private async Task<SqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<List<T>> ReadAsync<T>(SqlCommand command, Func<SqlDataReader, T> read, CancellationToken cancellationToken)
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

    private static SqlCommand Command(SqlConnection connection, SqlTransaction? transaction, string sql, params ReadOnlySpan<(string Name, object Value)> parameters)
    {
        var command = new SqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
