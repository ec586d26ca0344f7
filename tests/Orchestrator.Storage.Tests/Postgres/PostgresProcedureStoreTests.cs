using Dapper;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.PostgreSql;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Storage.Tests.Postgres;

/// <summary>What a server database adds to the procedure store: concurrent writers on separate connections.</summary>
public sealed class PostgresProcedureStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlyList<PlannedStep> Plan = [new("A", "x.one", "node1", "t1", 10), new("A", "x.two", "node1", "t2", 10)];
    private PostgresDatabase? _db;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }

    private async Task<PostgresProcedureStore> StoreAsync()
    {
        _db = await PostgresDatabase.CreateAsync();
        return new PostgresProcedureStore(_db.Connections);
    }

    private static Task<long> CreateAsync(PostgresProcedureStore store, string hierarchy, DateTimeOffset at) => store.CreateAsync(
        new NewProcedure("test", hierarchy, "A", "node1", "node2", "alice", "because", 1, at), Plan,
        new NewAuditEntry(at, null, "test", hierarchy, null, "A", "Requested", "alice", "because"), CancellationToken.None);

    [SkippableFact]
    public async Task EightWritersAppendingAtOnce_OnSeparateConnections_LeaveOneUnbrokenChain()
    {
        var store = await StoreAsync();
        const int Writers = 8, Transitions = 5;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            await start.Task;
            var hierarchy = $"exch{w}";
            var id = await CreateAsync(store, hierarchy, T0.AddTicks(w + 1)); // sub-microsecond ticks: the stored instant is what is hashed
            for (var v = 1; v <= Transitions; v++)
            {
                var at = T0.AddMilliseconds(v).AddTicks(w + 3);
                var outcome = await store.CommitTransitionAsync(new TransitionCommit(id, "A", v, "A", true, null, null, [],
                    [
                        new NewAuditEntry(at, id, "test", hierarchy, "A", "A", "Tick", $"writer{w}", $"transition {v}"),
                        new NewAuditEntry(at, id, "test", hierarchy, "A", "A", "Tock", $"writer{w}", $"transition {v}, second row", Nodes: "node1"),
                    ], null, at), CancellationToken.None);
                Assert.True(outcome.Committed);
            }
        })).ToList();
        start.SetResult();
        await Task.WhenAll(writers);

        await _db!.Connections.AuditLinker.LinkAsync(CancellationToken.None); // the rows each commit left pending (db/postgres/0013)
        await using var connection = await _db!.Connections.OpenAsync(CancellationToken.None);
        var rows = (await connection.QueryAsync<AuditRow>(
            """
            SELECT id AS Id, at AS At, procedure_id AS ProcedureId, kind AS Kind, hierarchy AS Hierarchy, from_state AS FromState, to_state AS ToState,
                   trigger_name AS TriggerName, actor AS Actor, reason AS Reason, data AS Data, nodes AS Nodes, prev_hash AS PrevHash, hash AS Hash, hash_version AS HashVersion
              FROM audit_log ORDER BY id
            """)).AsList();
        Assert.Equal(Writers * (1 + (2 * Transitions)), rows.Count);
        var prev = AuditHasher.Genesis;
        foreach (var r in rows)
        {
            Assert.True(r.PrevHash == prev, $"audit row {r.Id} forks the chain: its prev_hash is not the hash of the row before it");
            var entry = new AuditEntry
            {
                Id = r.Id, At = new DateTimeOffset(DateTime.SpecifyKind(r.At, DateTimeKind.Utc)), ProcedureId = r.ProcedureId, Kind = r.Kind, Hierarchy = r.Hierarchy,
                FromState = r.FromState, ToState = r.ToState, TriggerName = r.TriggerName, Actor = r.Actor, Reason = r.Reason, Data = r.Data, Nodes = r.Nodes,
                PrevHash = r.PrevHash, Hash = r.Hash, HashVersion = r.HashVersion,
            };
            Assert.True(AuditHasher.Hash(entry) == r.Hash, $"audit row {r.Id}'s hash does not verify");
            prev = r.Hash;
        }

        Assert.Equal(prev, await connection.ExecuteScalarAsync<string>("SELECT hash FROM audit_head"));
    }

    [SkippableFact]
    public async Task ASecondProcedure_OnAnActiveHierarchy_IsRefusedByTheIndexByName_AsAConflictNamingTheActiveOne()
    {
        var store = await StoreAsync();
        var first = await CreateAsync(store, "exch1", T0);
        var conflict = await Assert.ThrowsAsync<ActiveProcedureConflictException>(() => CreateAsync(store, "exch1", T0));
        Assert.Equal((first, "test", "A"), (conflict.ActiveId, conflict.ActiveKind, conflict.ActiveState));
        Assert.Contains($"#{first}", conflict.Message, StringComparison.Ordinal);
        Assert.NotEqual(first, await CreateAsync(store, "exch2", T0)); // another hierarchy is free
    }

    [SkippableFact]
    public async Task ManyRequestsAtOnce_ForOneHierarchy_CreateExactlyOneProcedure_AndEveryOtherIsRefusedNamingIt()
    {
        var store = await StoreAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            try
            {
                return (Id: await CreateAsync(store, "exch1", T0), Conflict: (ActiveProcedureConflictException?)null);
            }
            catch (ActiveProcedureConflictException e)
            {
                return (Id: 0L, Conflict: e);
            }
        })));

        var created = Assert.Single(results, r => r.Conflict is null).Id;
        Assert.All(results.Where(r => r.Conflict is not null), r => Assert.Equal(created, r.Conflict!.ActiveId));
        Assert.Equal([created], (await store.ListActiveAsync(CancellationToken.None)).Select(p => p.Id));
    }

    private sealed class AuditRow
    {
        public long Id { get; set; }
        public DateTime At { get; set; }
        public long? ProcedureId { get; set; }
        public string Kind { get; set; } = "";
        public string? Hierarchy { get; set; }
        public string? FromState { get; set; }
        public string? ToState { get; set; }
        public string TriggerName { get; set; } = "";
        public string Actor { get; set; } = "";
        public string Reason { get; set; } = "";
        public string? Data { get; set; }
        public string? Nodes { get; set; }
        public string PrevHash { get; set; } = "";
        public string Hash { get; set; } = "";
        public int HashVersion { get; set; }
    }
}
