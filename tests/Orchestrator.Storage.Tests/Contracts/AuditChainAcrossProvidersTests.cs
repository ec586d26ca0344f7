using Dapper;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.PostgreSql;
using Orchestrator.Storage.Sqlite;

namespace Orchestrator.Storage.Tests.Contracts;

/// <summary>
/// Issue 13 point 2: both providers hash the same canonical text (<see cref="AuditHasher"/>), so the same entries make
/// the same chain on either, and a chain written on one verifies on the other. Skipped, with the reason, without the
/// PostgreSQL server.
/// </summary>
public sealed class AuditChainAcrossProvidersTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 11, 30, 12, 0, 0, 250, TimeSpan.Zero).AddMicroseconds(17);

    /// <summary>
    /// Entries with every field used and left out, non-ASCII text, times in other offsets, and one time with a fraction of
    /// a microsecond (a real clock's), which neither provider keeps: both cut it before hashing.
    /// </summary>
    private static readonly NewAuditEntry[] Entries =
    [
        new(T0, null, "cluster", null, null, null, "Apply", "bob", "applied", "{\"version\":1}"),
        new(T0.AddSeconds(1).ToOffset(TimeSpan.FromHours(2)), 1, "switchover", "exch1", null, "A", "Requested", "Ærøskøbing\\alice", "weekly check — «planned»"),
        new(T0.AddSeconds(2), 1, "switchover", "exch1", "A", "Completed", "StepSucceeded", "monitor", "done", null, "node1 → node2"),
        new(T0.AddMinutes(3).ToOffset(TimeSpan.FromHours(-7)), 2, "failover", "EXCH2", "B", "WaitingForOperator", "MaxWaitExceeded", "monitor", "", "{}", ""),
        new(T0.AddMinutes(4).AddTicks(3), 2, "failover", "EXCH2", "WaitingForOperator", "Completed", "OperatorRetry", "alice", "retried"),
    ];

    private readonly TempDatabase _sqlite = new();
    private readonly PostgresContractDatabase _postgres = new();

    public Task InitializeAsync() => _postgres.InitializeAsync();

    [SkippableFact]
    public async Task TheSameEntries_MakeTheSameChain_OnBothProviders_AndSQLitesChainCopiedIntoPostgreSQL_VerifiesThere()
    {
        var postgres = new PostgresAuditJournal(_postgres.Connections);
        var sqlite = new SqliteAuditJournal(_sqlite.Connections);
        foreach (var entry in Entries)
        {
            await sqlite.AppendAsync(entry, CancellationToken.None);
            await postgres.AppendAsync(entry, CancellationToken.None);
        }

        var fromSqlite = await sqlite.ListAsync(new AuditQuery(), CancellationToken.None);
        var fromPostgres = await postgres.ListAsync(new AuditQuery(), CancellationToken.None);

        Assert.Equal(fromSqlite.Select(r => (r.Id, r.HashVersion, r.PrevHash, r.Hash)), fromPostgres.Select(r => (r.Id, r.HashVersion, r.PrevHash, r.Hash)));
        Assert.All(fromPostgres, r => Assert.Equal(AuditHasher.CurrentVersion, r.HashVersion)); // PostgreSQL's audit_hash and the C# hasher agree on version 2
        Assert.Equal(new AuditVerification(Entries.Length, null), await sqlite.VerifyAsync(CancellationToken.None));
        Assert.Equal(new AuditVerification(Entries.Length, null), await postgres.VerifyAsync(CancellationToken.None));

        // A journal moved from the embedded store to the server keeps its rows, their sequences and hashes as they are.
        await using var copy = new PostgresContractDatabase();
        await copy.InitializeAsync();
        await using (var connection = await copy.Connections.OpenAsync(CancellationToken.None))
        {
            foreach (var r in fromSqlite)
            {
                await connection.ExecuteAsync(
                    """
                    INSERT INTO audit_log (id, hash_version, at, procedure_id, kind, hierarchy, from_state, to_state, trigger_name, actor, reason, data, prev_hash, hash, nodes)
                    OVERRIDING SYSTEM VALUE
                    VALUES (@Id, @HashVersion, @At, @ProcedureId, @Kind, @Hierarchy, @FromState, @ToState, @TriggerName, @Actor, @Reason, @Data, @PrevHash, @Hash, @Nodes)
                    """,
                    new { r.Id, HashVersion = (short)r.HashVersion, At = r.At.UtcDateTime, r.ProcedureId, r.Kind, r.Hierarchy, r.FromState, r.ToState, r.TriggerName, r.Actor, r.Reason, r.Data, r.PrevHash, r.Hash, r.Nodes });
            }
        }

        Assert.Equal(new AuditVerification(Entries.Length, null), await new PostgresAuditJournal(copy.Connections).VerifyAsync(CancellationToken.None));
    }

    public async Task DisposeAsync() => await _postgres.DisposeAsync();

    public void Dispose() => _sqlite.Dispose();
}
