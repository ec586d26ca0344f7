using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Sqlite;
using Orchestrator.Storage.SqlServer;

namespace Orchestrator.Storage.Tests.SqlServer;

/// <summary>
/// The same entries make the same chain on SQLite and SQL Server (both hash the canonical text of <see cref="AuditHasher"/>,
/// and datetimeoffset(7) keeps every tick, sub-microsecond ones included). Skipped, with the reason, without ORCHESTRATOR_SQLSERVER.
/// </summary>
public sealed class SqlServerAuditChainTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 11, 30, 12, 0, 0, 250, TimeSpan.Zero).AddTicks(1_234);

    /// <summary>Entries with every field used and left out, non-ASCII text, and times in other offsets.</summary>
    private static readonly NewAuditEntry[] Entries =
    [
        new(T0, null, "cluster", null, null, null, "Apply", "bob", "applied", "{\"version\":1}"),
        new(T0.AddSeconds(1).ToOffset(TimeSpan.FromHours(2)), 1, "switchover", "exch1", null, "A", "Requested", "Ærøskøbing\\alice", "weekly check — «planned»"),
        new(T0.AddSeconds(2), 1, "switchover", "exch1", "A", "Completed", "StepSucceeded", "monitor", "done", null, "node1 → node2"),
        new(T0.AddMinutes(3).ToOffset(TimeSpan.FromHours(-7)), 2, "failover", "EXCH2", "B", "WaitingForOperator", "MaxWaitExceeded", "monitor", "", "{}", ""),
    ];

    private readonly TempDatabase _sqlite = new();
    private readonly SqlServerContractDatabase _sqlServer = new();

    public Task InitializeAsync() => _sqlServer.InitializeAsync();

    [SkippableFact]
    public async Task TheSameEntries_MakeTheSameChain_OnSQLiteAndSqlServer_AndEachVerifies()
    {
        var sqlServer = new SqlServerAuditJournal(_sqlServer.Connections);
        var sqlite = new SqliteAuditJournal(_sqlite.Connections);
        foreach (var entry in Entries)
        {
            await sqlite.AppendAsync(entry, CancellationToken.None);
            await sqlServer.AppendAsync(entry, CancellationToken.None);
        }

        var fromSqlite = await sqlite.ListAsync(new AuditQuery(), CancellationToken.None);
        var fromSqlServer = await sqlServer.ListAsync(new AuditQuery(), CancellationToken.None);

        Assert.Equal(fromSqlite.Select(r => (r.PrevHash, r.Hash)), fromSqlServer.Select(r => (r.PrevHash, r.Hash)));
        Assert.Equal(Entries.Select(e => e.At.UtcTicks), fromSqlServer.Select(r => r.At.UtcTicks));
        Assert.Equal(new AuditVerification(Entries.Length, null), await sqlServer.VerifyAsync(CancellationToken.None));
    }

    public async Task DisposeAsync() => await _sqlServer.DisposeAsync();

    public void Dispose() => _sqlite.Dispose();
}
