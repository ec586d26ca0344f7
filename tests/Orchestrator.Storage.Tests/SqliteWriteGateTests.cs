using Dapper;
using Microsoft.Data.Sqlite;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Sqlite;

namespace Orchestrator.Storage.Tests;

/// <summary>Issue 11: writers of one process queue on one FIFO gate per file instead of sleeping in SQLite's busy handler.</summary>
public sealed class SqliteWriteGateTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly TempDatabase _db = new();

    public SqliteWriteGateTests()
    {
        using var connection = new SqliteConnection(_db.Connections.ConnectionString);
        connection.Open();
        connection.Execute("CREATE TABLE gate_probe (id INTEGER PRIMARY KEY, writer INTEGER NOT NULL)");
    }

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task ConcurrentWriters_ThroughTheGate_AllCommit_WithoutEverMeetingALockedFile()
    {
        // No busy timeout on the connection: a writer that met another writer's lock would fail at once with SQLITE_BUSY.
        const int writers = 24;
        var inside = 0;
        var overlapped = false;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(async writer =>
        {
            await Task.Yield();
            await using var connection = await _db.Connections.OpenWriteAsync(CancellationToken.None);
            SQLitePCL.raw.sqlite3_busy_timeout(connection.Handle, 0);
            overlapped |= Interlocked.Increment(ref inside) > 1;
            await using var tx = connection.BeginTransaction();
            await connection.ExecuteAsync("INSERT INTO gate_probe (writer) VALUES (@writer)", new { writer }, tx);
            await Task.Delay(1);
            await connection.ExecuteAsync("UPDATE gate_probe SET writer = writer WHERE writer = @writer", new { writer }, tx);
            Interlocked.Decrement(ref inside);
            await tx.CommitAsync();
        })).WaitAsync(Patience);

        Assert.False(overlapped, "two writers were inside the gate at once");
        await using var check = await _db.Connections.OpenAsync(CancellationToken.None);
        Assert.Equal(writers, await check.ExecuteScalarAsync<int>("SELECT count(DISTINCT writer) FROM gate_probe"));
    }

    [Fact]
    public async Task AWriteThatThrows_ReleasesTheGate_TheNextWriteCommits()
    {
        var failed = await Assert.ThrowsAsync<SqliteException>(async () =>
        {
            await using var connection = await _db.Connections.OpenWriteAsync(CancellationToken.None);
            await using var tx = connection.BeginTransaction();
            await connection.ExecuteAsync("INSERT INTO no_such_table (x) VALUES (1)", transaction: tx);
        });
        Assert.Contains("no_such_table", failed.Message, StringComparison.Ordinal);

        await WriteOneAsync(7).WaitAsync(Patience);
        await WriteOneAsync(8).WaitAsync(Patience);
    }

    [Fact]
    public async Task AStoreWriteRefusedByAConstraint_ReleasesTheGate()
    {
        var store = new SqliteProcedureStore(_db.Connections);
        await CreateAsync(store, "EXCH1");
        await Assert.ThrowsAsync<ActiveProcedureConflictException>(() => CreateAsync(store, "EXCH1"));

        var next = await CreateAsync(store, "EXCH2").WaitAsync(Patience);
        Assert.True(next > 0);
    }

    [Fact]
    public async Task AWriteStartedWhileTheSameFlowHoldsTheGate_IsRefused_InsteadOfWaitingForItself()
    {
        await using (var first = await _db.Connections.OpenWriteAsync(CancellationToken.None))
        {
            var nested = await Assert.ThrowsAsync<InvalidOperationException>(() => _db.Connections.OpenWriteAsync(CancellationToken.None)).WaitAsync(Patience);
            Assert.Contains(_db.Connections.DatabasePath, nested.Message, StringComparison.Ordinal);
        }

        // Once the first write closed, the same flow writes again (one after the other is not nesting).
        await WriteOneAsync(1).WaitAsync(Patience);
        await WriteOneAsync(2).WaitAsync(Patience);
    }

    [Fact]
    public async Task AWaiterThatIsCancelled_DoesNotTakeTheGate()
    {
        // Another flow holds the gate (a task of its own: this flow holds nothing).
        var holder = await Task.Run(() => _db.Connections.OpenWriteAsync(CancellationToken.None));
        using var cancel = new CancellationTokenSource();
        var waiting = Task.Run(() => _db.Connections.OpenWriteAsync(cancel.Token));
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting).WaitAsync(Patience);
        await holder.DisposeAsync();

        await WriteOneAsync(3).WaitAsync(Patience);
    }

    private async Task WriteOneAsync(int writer)
    {
        await using var connection = await _db.Connections.OpenWriteAsync(CancellationToken.None);
        await using var tx = connection.BeginTransaction();
        await connection.ExecuteAsync("INSERT INTO gate_probe (writer) VALUES (@writer)", new { writer }, tx);
        await tx.CommitAsync();
    }

    private static Task<long> CreateAsync(SqliteProcedureStore store, string hierarchy) => store.CreateAsync(
        new NewProcedure("test", hierarchy, "A", "node1", "node2", "alice", "because", 1, T0), [new("A", "x.one", "node1", "t1", 10)],
        new NewAuditEntry(T0, null, "test", hierarchy, null, "A", "Requested", "alice", "because"), CancellationToken.None);
}
