using System.Data;
using System.Data.Common;
using Microsoft.Data.SqlClient;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Replicas;

namespace Orchestrator.Storage.SqlServer;

/// <summary>
/// Replica-list updates in SQL Server (<see cref="DatabaseReplicaUpdateStore"/>): its connections, datetimeoffset
/// instants, audit writer, and what T-SQL says differently (batches: the other part). The collation compares and
/// groups hierarchy names without case, as PostgreSQL's lower(hierarchy) does.
/// </summary>
public sealed partial class SqlServerReplicaUpdateStore(SqlServerConnectionFactory factory) : DatabaseReplicaUpdateStore
{
    /// <summary>Held (UPDLOCK, HOLDLOCK), SQL Server's pessimistic locking: two runners supersede one after the other.</summary>
    protected override string ActiveOfHierarchyStatement =>
        """
        SELECT * FROM replica_updates WITH (UPDLOCK, HOLDLOCK)
         WHERE hierarchy = @Hierarchy AND is_active = 1 ORDER BY id
        """;

    protected override string ListStatement =>
        """
        SELECT TOP (@limit) *
          FROM replica_updates WHERE @hierarchy IS NULL OR hierarchy = @hierarchy ORDER BY id DESC
        """;

    protected override string LatestPerHierarchyStatement =>
        """
        SELECT * FROM (SELECT u.*, ROW_NUMBER() OVER (PARTITION BY u.hierarchy ORDER BY u.id DESC) AS newest FROM replica_updates u) latest
         WHERE latest.newest = 1 ORDER BY latest.id DESC
        """;

    protected override string NewerMoveStatement =>
        """
        SELECT TOP (1) id, kind
          FROM procedures WHERE hierarchy = @Hierarchy AND id > @ProcedureId AND kind IN @moveKinds ORDER BY id
        """;

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => await factory.OpenAsync(cancellationToken).ConfigureAwait(false);

    protected override string InsertReturningId(string into, string values) => $"INSERT INTO {into} OUTPUT inserted.id VALUES {values}";

    /// <summary>INSERT ... VALUES lists within SQL Server's limits (<see cref="SqlValues"/>).</summary>
    protected override Task InsertBatchesAsync(DbConnection connection, DbTransaction tx, long updateId, IReadOnlyList<IReadOnlyList<string>> batches, CancellationToken cancellationToken) =>
        SqlValues.InsertAsync(
            (SqlConnection)connection, (SqlTransaction)tx,
            "INSERT INTO replica_batches (update_id, seq, attempt, folders, folder_count, status)",
            batches.Select((b, i) => new object?[] { updateId, i + 1, 1, ReplicaBatchRecord.Join(b), b.Count, "ready" }).ToList());

    protected override void BindInstant(IDbCommand command, string name, DateTimeOffset? at) => SqlInstant.Of(at).AddParameter(command, name);

    protected override bool IsUniqueViolation(Exception e, string index) => e is SqlException sql && sql.IsUniqueViolation(index);

    protected override Task AppendAuditAsync(DbConnection connection, DbTransaction tx, IReadOnlyList<NewAuditEntry> entries) =>
        SqlServerAuditWriter.AppendAsync((SqlConnection)connection, (SqlTransaction)tx, entries);
}
