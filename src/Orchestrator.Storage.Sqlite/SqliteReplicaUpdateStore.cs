using System.Data;
using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Replicas;
using static Orchestrator.Storage.Sqlite.DapperConfiguration;

namespace Orchestrator.Storage.Sqlite;

/// <summary>
/// Replica-list updates in SQLite (<see cref="DatabaseReplicaUpdateStore"/>): its gated writer, ISO-text instants, audit
/// writer, and what its dialect says differently (batches: the other part).
/// </summary>
public sealed partial class SqliteReplicaUpdateStore(SqliteConnectionFactory factory) : DatabaseReplicaUpdateStore
{
    /// <summary>No lock to take: a write connection is the file's one writer until it closes.</summary>
    protected override string ActiveOfHierarchyStatement => "SELECT * FROM replica_updates WHERE hierarchy = @Hierarchy AND is_active = 1 ORDER BY id";

    protected override string ListStatement =>
        """
        SELECT * FROM replica_updates
         WHERE @hierarchy IS NULL OR hierarchy = @hierarchy COLLATE NOCASE ORDER BY id DESC LIMIT @limit
        """;

    protected override string LatestPerHierarchyStatement =>
        """
        SELECT * FROM replica_updates
         WHERE id IN (SELECT MAX(id) FROM replica_updates GROUP BY hierarchy COLLATE NOCASE) ORDER BY id DESC
        """;

    protected override string NewerMoveStatement =>
        """
        SELECT id, kind FROM procedures
         WHERE hierarchy = @Hierarchy AND id > @ProcedureId AND kind IN @moveKinds ORDER BY id LIMIT 1
        """;

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => await factory.OpenAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>SQLite has one writer: a write waits for the file's write gate and holds it until the connection closes.</summary>
    protected override async Task<DbConnection> OpenWriteAsync(CancellationToken cancellationToken) =>
        await factory.OpenWriteAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Through Dapper, whose type handlers (<see cref="DapperConfiguration"/>) read SQLite's text instants.</summary>
    protected override async Task<List<T>> QueryAsync<T>(DbConnection connection, string sql, object? param, DbTransaction? tx = null) =>
        (await connection.QueryAsync<T>(sql, param, tx).ConfigureAwait(false)).AsList();

    protected override void BindInstant(IDbCommand command, string name, DateTimeOffset? at) =>
        command.Parameters.Add(new SqliteParameter(name, (object?)Format(at) ?? DBNull.Value));

    protected override Task AppendAuditAsync(DbConnection connection, DbTransaction tx, IReadOnlyList<NewAuditEntry> entries) =>
        SqliteAuditWriter.AppendAsync((SqliteConnection)connection, (SqliteTransaction)tx, entries);

    /// <summary>Never: the existing update is looked up under the write gate, so no other start can come between.</summary>
    protected override bool IsUniqueViolation(Exception e, string index) => false;

    /// <summary>One prepared insert run per batch (SQLite's statements are cheap; its one writer holds the file).</summary>
    protected override async Task InsertBatchesAsync(
        DbConnection connection, DbTransaction tx, long updateId, IReadOnlyList<IReadOnlyList<string>> batches, CancellationToken cancellationToken)
    {
        using var insert = (SqliteCommand)connection.CreateCommand();
        insert.Transaction = (SqliteTransaction)tx;
        insert.CommandText =
            "INSERT INTO replica_batches (update_id, seq, attempt, folders, folder_count, status) VALUES ($update, $seq, 1, $folders, $count, 'ready')";
        insert.Parameters.Add("$update", SqliteType.Integer).Value = updateId;
        var seq = insert.Parameters.Add("$seq", SqliteType.Integer);
        var folders = insert.Parameters.Add("$folders", SqliteType.Text);
        var count = insert.Parameters.Add("$count", SqliteType.Integer);
        for (var i = 0; i < batches.Count; i++)
        {
            seq.Value = i + 1;
            folders.Value = ReplicaBatchRecord.Join(batches[i]);
            count.Value = batches[i].Count;
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
