using Orchestrator.Storage.Audit;

namespace Orchestrator.Storage.Tests.Contracts;

/// <summary>
/// Issue 13 point 6: the audit journal as every provider must keep it — its filters (hierarchy and actor without case,
/// the time range from inclusive to exclusive), its paging, its stream, and the hash chain its check walks. A provider's
/// class derives from this (skippable: a provider whose server is missing reports its cases as skipped, with the reason).
/// </summary>
public abstract class AuditJournalContract
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private IAuditJournal? _journal;

    /// <summary>The provider's journal, on one new, empty, migrated database.</summary>
    protected abstract IAuditJournal OpenJournal();

    /// <summary>Runs <paramref name="sql"/> behind the append-only triggers, as someone with the file or the server's superuser could.</summary>
    protected abstract Task TamperAsync(string sql, object? param = null);

    /// <summary>Gives row <paramref name="id"/> the sequence <paramref name="newId"/> behind the triggers (and the identity, where there is one).</summary>
    protected abstract Task RenumberAsync(long id, long newId);

    /// <summary>Rewrites a row's reason behind the append-only triggers.</summary>
    private Task TamperAsync(long id, string reason) => TamperAsync("UPDATE audit_log SET reason = @reason WHERE id = @id", new { id, reason });

    private IAuditJournal Journal => _journal ??= OpenJournal();

    private async Task AppendAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await Journal.AppendAsync(new NewAuditEntry(DateTimeOffset.UnixEpoch.AddMinutes(i), i, "switchover", "exch1", "A", "B", "StepSucceeded", "bob", $"row {i}"), CancellationToken.None);
        }
    }

    private Task AppendAsync(NewAuditEntry entry) => Journal.AppendAsync(entry, CancellationToken.None);

    private static NewAuditEntry Row(string reason, int minute = 0, long? procedure = null, string kind = "switchover", string? hierarchy = "exch1",
        string? to = "B", string trigger = "StepSucceeded", string actor = "bob") =>
        new(T0.AddMinutes(minute), procedure, kind, hierarchy, "A", to, trigger, actor, reason);

    private async Task<IReadOnlyList<string>> ReasonsAsync(AuditQuery query) =>
        (await Journal.ListAsync(query, CancellationToken.None)).Select(r => r.Reason).ToList();

    [SkippableFact]
    public async Task Verify_HoldsForAnUntouchedChain_AndFindsTheFirstTamperedRow()
    {
        await AppendAsync(5);
        Assert.Equal(new AuditVerification(5, null), await Journal.VerifyAsync(CancellationToken.None));

        var third = (await Journal.ListAsync(new AuditQuery(), CancellationToken.None))[2].Id;
        await TamperAsync(third, "rewritten");
        var verification = await Journal.VerifyAsync(CancellationToken.None);
        Assert.Equal(third, verification.FirstBrokenId);
        Assert.Contains("was changed after it was written", verification.Problem, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Verify_FindsTheRowWhoseSequenceWasRenumbered_ThoughItsOrderAndLinksAreUnchanged()
    {
        await AppendAsync(3);
        var last = (await Journal.ListAsync(new AuditQuery(), CancellationToken.None))[^1].Id;
        await RenumberAsync(last, last + 10);

        var verification = await Journal.VerifyAsync(CancellationToken.None);

        Assert.Equal((3L, (long?)(last + 10)), (verification.RowsChecked, verification.FirstBrokenId));
        Assert.Contains("renumbered", verification.Problem, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Head_IsTheLastRowsSequenceAndHash_AndVerifyWithIt_FindsTheLastRowDeleted_WhichThePlainChainCannot()
    {
        Assert.Equal(AuditHead.Empty, await Journal.HeadAsync(CancellationToken.None));
        Assert.Equal(new AuditVerification(0, null), await Journal.VerifyAsync(AuditHead.Empty, CancellationToken.None));
        await AppendAsync(3);
        var last = (await Journal.ListAsync(new AuditQuery(), CancellationToken.None))[^1];
        var head = await Journal.HeadAsync(CancellationToken.None);
        Assert.Equal(new AuditHead(last.Id, last.Hash), head);
        Assert.Equal(new AuditVerification(3, null), await Journal.VerifyAsync(head, CancellationToken.None));

        await TamperAsync("DELETE FROM audit_log WHERE id = @id", new { id = last.Id });

        Assert.Equal(new AuditVerification(2, null), await Journal.VerifyAsync(CancellationToken.None));
        var truncated = await Journal.VerifyAsync(head, CancellationToken.None);
        Assert.Equal((2L, (long?)last.Id), (truncated.RowsChecked, truncated.FirstBrokenId));
        Assert.Contains($"the head given ({last.Id}:{last.Hash[..12]}…) is not in the journal (its last row is #", truncated.Problem, StringComparison.Ordinal);
        Assert.Contains("rows were removed from its end", truncated.Problem, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task VerifyWithAHead_WhoseHashDiffers_SaysTheJournalWasRewrittenFromThere()
    {
        await AppendAsync(3);
        var second = (await Journal.ListAsync(new AuditQuery(), CancellationToken.None))[1];
        var other = new AuditHead(second.Id, new string('f', 64));

        var verification = await Journal.VerifyAsync(other, CancellationToken.None);

        Assert.Equal((2L, (long?)second.Id), (verification.RowsChecked, verification.FirstBrokenId));
        Assert.Contains("rewritten from there", verification.Problem, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Verify_ReportsARowWithAShortPrevHash_AsBroken_NamingItsSequenceAndTheColumn()
    {
        await AppendAsync(3);
        var second = (await Journal.ListAsync(new AuditQuery(), CancellationToken.None))[1].Id;
        await TamperAsync("UPDATE audit_log SET prev_hash = 'ab' WHERE id = @second", new { second });

        var verification = await Journal.VerifyAsync(CancellationToken.None);

        Assert.Equal(second, verification.FirstBrokenId);
        Assert.Contains($"row {second} is broken: its prev_hash 'ab' is not a SHA-256", verification.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', verification.Problem!);
    }

    [SkippableFact]
    public async Task List_FiltersByHierarchy_InChronologicalOrder()
    {
        await AppendAsync(3);
        await Journal.AppendAsync(new NewAuditEntry(DateTimeOffset.UnixEpoch, null, "cluster", null, null, null, "Apply", "bob", "applied"), CancellationToken.None);
        var rows = await Journal.ListAsync(new AuditQuery(Hierarchy: "EXCH1"), CancellationToken.None);
        Assert.Equal(["row 0", "row 1", "row 2"], rows.Select(r => r.Reason));
    }

    [SkippableFact]
    public async Task List_FiltersByActorWithoutCase_ByKind_ByProcedure_AndByOutcome()
    {
        await AppendAsync(Row("bob's", procedure: 1));
        await AppendAsync(Row("alice's", procedure: 2, actor: "Alice"));
        await AppendAsync(Row("a failover", procedure: 3, kind: "failover", to: "Completed"));
        await AppendAsync(Row("a failed step", procedure: 3, kind: "failover", trigger: "StepFailed"));
        await AppendAsync(Row("too long", procedure: 3, kind: "failover", trigger: "MaxWaitExceeded"));
        await AppendAsync(Row("held", procedure: 4, to: "WaitingForOperator"));

        Assert.Equal(["alice's"], await ReasonsAsync(new AuditQuery(Actor: "ALICE")));
        Assert.Equal(["a failover", "a failed step", "too long"], await ReasonsAsync(new AuditQuery(Kind: "failover")));
        Assert.Equal(["alice's"], await ReasonsAsync(new AuditQuery(ProcedureId: 2)));
        Assert.Equal(["a failed step", "too long"], await ReasonsAsync(new AuditQuery(Outcome: "failed")));
        Assert.Equal(["held"], await ReasonsAsync(new AuditQuery(Outcome: "Waiting")));
        Assert.Equal(["a failover"], await ReasonsAsync(new AuditQuery(Outcome: "completed")));
        Assert.Equal(["a failed step"], await ReasonsAsync(new AuditQuery(Kind: "failover", Outcome: "failed", Actor: "bob", Hierarchy: "Exch1", Until: T0.AddTicks(1), Limit: 1, AfterId: 0)));
    }

    [SkippableFact]
    public async Task List_TimeRange_IncludesItsStart_AndExcludesItsEnd_WhateverTheOffsetItIsGivenIn()
    {
        for (var minute = 0; minute < 5; minute++)
        {
            await AppendAsync(Row($"minute {minute}", minute));
        }

        var cet = TimeSpan.FromHours(1);
        Assert.Equal(["minute 1", "minute 2"], await ReasonsAsync(new AuditQuery(Since: T0.AddMinutes(1).ToOffset(cet), Until: T0.AddMinutes(3))));
        Assert.Equal(["minute 3", "minute 4"], await ReasonsAsync(new AuditQuery(Since: T0.AddMinutes(3))));
        Assert.Equal(["minute 0"], await ReasonsAsync(new AuditQuery(Until: T0.AddMinutes(1).ToOffset(cet))));
    }

    [SkippableFact]
    public async Task List_IsTheNewestPage_OldestFirst_AndAfterAnId_TheNextPage()
    {
        for (var i = 0; i < 5; i++)
        {
            await AppendAsync(Row($"row {i}", i));
        }

        var newest = await Journal.ListAsync(new AuditQuery(Limit: 2), CancellationToken.None);
        Assert.Equal(["row 3", "row 4"], newest.Select(r => r.Reason));

        var all = await Journal.ListAsync(new AuditQuery(), CancellationToken.None);
        Assert.Equal(["row 1", "row 2"], await ReasonsAsync(new AuditQuery(Limit: 2, AfterId: all[0].Id)));
        Assert.Empty(await ReasonsAsync(new AuditQuery(AfterId: all[^1].Id)));
    }

    [SkippableFact]
    public async Task Get_ReturnsTheRowAsWritten_WithItsPlaceInTheChain_OrNull()
    {
        var at = new DateTimeOffset(2026, 11, 30, 13, 14, 15, 123, TimeSpan.FromHours(2)).AddMicroseconds(456);
        await AppendAsync(Row("first"));
        await AppendAsync(new NewAuditEntry(at, 7, "failover", "exch1", "A", "B", "StepSucceeded", "monitor", "moved", "{\"x\":1}", "node1 → node2"));
        var rows = await Journal.ListAsync(new AuditQuery(), CancellationToken.None);

        var row = await Journal.GetAsync(rows[1].Id, CancellationToken.None);

        Assert.NotNull(row);
        Assert.Equal((at, TimeSpan.Zero), (row.At, row.At.Offset));
        Assert.Equal((7L, "failover", "exch1", "A", "B", "StepSucceeded", "monitor", "moved", "{\"x\":1}", "node1 → node2"),
            (row.ProcedureId!.Value, row.Kind, row.Hierarchy, row.FromState, row.ToState, row.TriggerName, row.Actor, row.Reason, row.Data, row.Nodes));
        Assert.Equal((rows[0].Hash, AuditHasher.Hash(row)), (row.PrevHash, row.Hash));
        Assert.Null(await Journal.GetAsync(rows[1].Id + 1000, CancellationToken.None));
    }

    [SkippableFact]
    public async Task Stream_GivesEveryMatchingRow_InSequence_IgnoringTheLimit()
    {
        for (var i = 0; i < 30; i++)
        {
            await AppendAsync(Row($"row {i}", i, hierarchy: i % 3 == 0 ? "exch2" : "exch1"));
        }

        var streamed = new List<AuditEntry>();
        await foreach (var row in Journal.StreamAsync(new AuditQuery(Hierarchy: "EXCH1", Limit: 2), CancellationToken.None))
        {
            streamed.Add(row);
        }

        Assert.Equal(Enumerable.Range(0, 30).Where(i => i % 3 != 0).Select(i => $"row {i}"), streamed.Select(r => r.Reason));
        Assert.Equal(streamed.Select(r => r.Id).Order(), streamed.Select(r => r.Id));
    }

    [SkippableFact]
    public async Task ConcurrentAppends_ExtendOneChain_ThatVerifies()
    {
        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await Journal.AppendAsync(Row($"w{w} #{i}", i, procedure: w), CancellationToken.None);
            }
        })));

        Assert.Equal(new AuditVerification(80, null), await Journal.VerifyAsync(CancellationToken.None));
    }

    [SkippableFact]
    public async Task ListByProcedures_ReturnsTheRowsWithTheTrigger_OfEveryProcedureAsked_InOneRead()
    {
        const long a = 1, b = 2, c = 3;
        foreach (var (id, hierarchy) in new[] { (a, "exch1"), (b, "exch2"), (c, "exch3") })
        {
            await AppendAsync(new NewAuditEntry(T0, id, "failover", hierarchy, "A", "Completed", "StepSucceeded", "monitor", "done"));
        }

        await AppendAsync(new NewAuditEntry(T0.AddMinutes(1), a, "failover", "exch1", null, null, "Acknowledged", "alice", "ack"));
        await AppendAsync(new NewAuditEntry(T0.AddMinutes(2), c, "failover", "exch3", null, null, "Acknowledged", "alice", "ack"));
        await AppendAsync(new NewAuditEntry(T0.AddMinutes(3), a, "failover", "exch1", null, null, "Acknowledged", "bob", "ack again"));

        var acks = await Journal.ListByProceduresAsync([a, b], "Acknowledged", CancellationToken.None);
        var many = await Journal.ListByProceduresAsync(Enumerable.Range(1, 2_000).Select(i => (long)i).ToList(), "Acknowledged", CancellationToken.None);

        Assert.Equal([("alice", a), ("bob", a)], acks.Select(r => (r.Actor, r.ProcedureId!.Value)));
        Assert.Equal([a, c, a], many.Select(r => r.ProcedureId!.Value)); // ids past one statement's chunk, still in sequence order
        Assert.Empty(await Journal.ListByProceduresAsync([], "Acknowledged", CancellationToken.None));
    }
}
