using System.Data;
using System.Data.Common;
using Dapper;
using Npgsql;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Replicas;

namespace Orchestrator.Storage.PostgreSql;

/// <summary>
/// Replica-list updates in PostgreSQL (<see cref="DatabaseReplicaUpdateStore"/>): its connections, timestamptz
/// instants, audit writer, and what its dialect says differently (batches: the other part).
/// </summary>
public sealed partial class PostgresReplicaUpdateStore(PostgresConnectionFactory factory) : DatabaseReplicaUpdateStore
{
    /// <summary>Held FOR UPDATE: two runners starting updates of one hierarchy supersede one after the other.</summary>
    protected override string ActiveOfHierarchyStatement =>
        """
        SELECT * FROM replica_updates WHERE hierarchy = @Hierarchy AND is_active
         ORDER BY id FOR UPDATE
        """;

    protected override string ListStatement =>
        """
        SELECT * FROM replica_updates WHERE @hierarchy::text IS NULL OR lower(hierarchy) = lower(@hierarchy)
         ORDER BY id DESC LIMIT @limit
        """;

    protected override string LatestPerHierarchyStatement =>
        """
        SELECT * FROM (SELECT DISTINCT ON (lower(hierarchy)) * FROM replica_updates ORDER BY lower(hierarchy), id DESC) latest
         ORDER BY id DESC
        """;

    protected override string NewerMoveStatement =>
        """
        SELECT id, kind FROM procedures WHERE hierarchy = @Hierarchy AND id > @ProcedureId AND kind = ANY(@moveKinds)
         ORDER BY id LIMIT 1
        """;

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => await factory.OpenAsync(cancellationToken).ConfigureAwait(false);

    protected override void BindInstant(IDbCommand command, string name, DateTimeOffset? at) => PgInstant.Of(at).AddParameter(command, name);

    /// <summary>One statement for the whole plan: the batches as arrays, unnested.</summary>
    protected override Task InsertBatchesAsync(DbConnection connection, DbTransaction tx, long updateId, IReadOnlyList<IReadOnlyList<string>> batches, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(
            """
            INSERT INTO replica_batches (update_id, seq, attempt, folders, folder_count, status)
            SELECT @updateId, b.seq, 1, b.folders, b.folder_count, 'ready' FROM unnest(@Seqs, @Folders, @Counts) AS b (seq, folders, folder_count)
            """,
            new
            {
                updateId, Seqs = Enumerable.Range(1, batches.Count).ToArray(),
                Folders = batches.Select(ReplicaBatchRecord.Join).ToArray(), Counts = batches.Select(b => b.Count).ToArray(),
            },
            tx);

    protected override Task AppendAuditAsync(DbConnection connection, DbTransaction tx, IReadOnlyList<NewAuditEntry> entries) =>
        PostgresAuditWriter.AppendAsync((NpgsqlConnection)connection, (NpgsqlTransaction)tx, entries);

    protected override void AuditCommitted() => factory.AuditLinker.Nudge();

    protected override bool IsUniqueViolation(Exception e, string index) => e is PostgresException pg && pg.IsUniqueViolation(index);
}
