using Dapper;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.SqlServer;

namespace Orchestrator.Storage.Tests.SqlServer;

/// <summary>
/// What a server database adds to the procedure store, on SQL Server: concurrent writers on separate connections meet on
/// the audit head and on the one-active-procedure index. Skipped, with the reason, without ORCHESTRATOR_SQLSERVER.
/// </summary>
public sealed class SqlServerProcedureStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlyList<PlannedStep> Plan = [new("A", "x.one", "node1", "t1", 10), new("A", "x.two", "node1", "t2", 10)];
    private readonly SqlServerContractDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private SqlServerProcedureStore Store() => new(_db.Connections);

    private static Task<long> CreateAsync(SqlServerProcedureStore store, string hierarchy, DateTimeOffset at) => store.CreateAsync(
        new NewProcedure("test", hierarchy, "A", "node1", "node2", "alice", "because", 1, at), Plan,
        new NewAuditEntry(at, null, "test", hierarchy, null, "A", "Requested", "alice", "because"), CancellationToken.None);

    [SkippableFact]
    public async Task EightWritersAppendingAtOnce_OnSeparateConnections_LeaveOneUnbrokenChain()
    {
        var store = Store();
        const int Writers = 8, Transitions = 5;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            await start.Task;
            var hierarchy = $"exch{w}";
            var id = await CreateAsync(store, hierarchy, T0.AddTicks(w + 1));
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

        var journal = new SqlServerAuditJournal(_db.Connections);
        Assert.Equal(new AuditVerification(Writers * (1 + (2 * Transitions)), null), await journal.VerifyAsync(CancellationToken.None));
        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        Assert.Equal(
            await connection.ExecuteScalarAsync<string>("SELECT TOP (1) hash FROM audit_log ORDER BY id DESC"),
            await connection.ExecuteScalarAsync<string>("SELECT hash FROM audit_head"));
    }

    [SkippableFact]
    public async Task ManyRequestsAtOnce_ForOneHierarchy_CreateExactlyOneProcedure_AndEveryOtherIsRefusedNamingIt()
    {
        var store = Store();
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

    [SkippableFact]
    public async Task SixteenWorkersClaimingTheStepsOfOneProcedure_NeverClaimOneStepTwice()
    {
        var store = Store();
        var id = await CreateAsync(store, "exch1", T0);
        var claims = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() =>
            store.TryClaimStepAsync(id, 1, $"w{i}", T0.AddSeconds(1), TimeSpan.FromMinutes(1), CancellationToken.None))));
        var won = Assert.Single(claims, c => c is not null)!;
        Assert.Equal((1, 1L, StepStatus.Running), (won.Seq, won.ClaimToken, won.Status));
    }
}
