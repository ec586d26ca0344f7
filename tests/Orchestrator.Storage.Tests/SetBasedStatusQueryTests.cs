using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Replicas;
using Orchestrator.Storage.Sqlite;

namespace Orchestrator.Storage.Tests;

/// <summary>Issue 11 point 4: the set-based reads status joins in memory, each one query for every hierarchy (the holds' is in
/// <see cref="Contracts.SwitchbackHoldStoreContract"/>).</summary>
public sealed class SetBasedStatusQueryTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private async Task<long> ProcedureAsync(string hierarchy) => await new SqliteProcedureStore(_db.Connections).CreateAsync(
        new NewProcedure("test", hierarchy, "A", "node1", "node2", "alice", "because", 1, T0), [new("A", "x.one", "node1", "t1", 10)],
        new NewAuditEntry(T0, null, "test", hierarchy, null, "A", "Requested", "alice", "because"), CancellationToken.None);

    [Fact]
    public async Task LatestPerHierarchy_IsTheNewestUpdateOfEachHierarchy()
    {
        var store = new SqliteReplicaUpdateStore(_db.Connections);
        async Task<long> StartAsync(string hierarchy, long procedure) => (await store.StartAsync(
            new NewReplicaUpdate(procedure, hierarchy, "node1", "node2", "Planning", 10, 1, "alice", T0),
            id => new NewAuditEntry(T0, null, "replica-update", hierarchy, null, "Planning", "Started", "alice", $"#{id}"),
            old => new NewAuditEntry(T0, null, "replica-update", hierarchy, old.State, "Superseded", "Superseded", "alice", "newer move"),
            CancellationToken.None)).Update.Id;

        var first = await StartAsync("exch1", await ProcedureAsync("move1"));
        var other = await StartAsync("exch2", await ProcedureAsync("move2"));
        var newest = await StartAsync("EXCH1", await ProcedureAsync("move3"));

        var latest = await store.LatestPerHierarchyAsync(CancellationToken.None);

        Assert.Equal([newest, other], latest.Select(u => u.Id));
        Assert.DoesNotContain(first, latest.Select(u => u.Id));
    }
}
