using Orchestrator.Domain.Rules;

namespace Orchestrator.Domain.Tests.Rules;

public sealed class ProcedureConflictRuleTests
{
    private static readonly HoldingProcedure Switchover = new(12, "switchover", "exch1", "BringingInService");
    private static readonly HoldingProcedure Cancelling = Switchover with { State = "Cancelling", Draining = true, RunningStep = "step 7 (service.start MSExchangeIS on node2)" };
    private static readonly HoldingProcedure Update = new(4, "rolling-update", "exch1", "UpdatingPrimary", YieldsToFailover: true);

    [Fact]
    public void A_free_hierarchy_admits_any_new_procedure()
    {
        Assert.Null(ProcedureConflictRule.RefusesNewProcedure(null, isFailover: false));
        Assert.Null(ProcedureConflictRule.RefusesNewProcedure(null, isFailover: true));
    }

    [Fact]
    public void A_held_hierarchy_refuses_a_new_procedure_naming_the_holder() =>
        Assert.Equal("hierarchy exch1 already has an active procedure: #12 switchover (BringingInService); wait for it, or `orchestrator procedures cancel 12`",
            ProcedureConflictRule.RefusesNewProcedure(Switchover, isFailover: true));

    [Fact]
    public void A_holder_that_ended_before_it_could_be_read_is_named_by_its_real_id_and_end_state() =>
        Assert.Equal("hierarchy exch1 was taken by procedure #12 switchover while this request was created, and it has ended since (Completed); " +
            "nothing was changed — check `orchestrator procedures show 12`, then request again",
            ProcedureConflictRule.HolderEndedRefusal(Switchover with { State = "Completed" }));

    [Fact]
    public void A_failover_is_admitted_over_a_procedure_that_yields_to_it_but_not_another_move()
    {
        Assert.Null(ProcedureConflictRule.RefusesNewProcedure(Update, isFailover: true));
        Assert.NotNull(ProcedureConflictRule.RefusesNewProcedure(Update, isFailover: false));
    }

    [Fact]
    public void A_draining_procedure_refuses_every_new_procedure_and_every_command_naming_the_step_it_waits_for()
    {
        const string Expected = "procedure #12 (switchover of exch1) is cancelling: step 7 (service.start MSExchangeIS on node2) is still running; " +
            "try again once it has reported, see `orchestrator procedures show 12`";
        Assert.Equal(Expected, ProcedureConflictRule.RefusesNewProcedure(Cancelling, isFailover: false));
        Assert.Equal(Expected, ProcedureConflictRule.RefusesCommandOn(Cancelling));
        var suspending = Update with { State = "Suspending", Draining = true };
        Assert.StartsWith("procedure #4 (rolling-update of exch1) is suspending: its last step has not reported yet; ",
            ProcedureConflictRule.RefusesNewProcedure(suspending, isFailover: true), StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_on_a_procedure_that_does_not_drain_is_admitted() =>
        Assert.Null(ProcedureConflictRule.RefusesCommandOn(Switchover));

    [Fact]
    public void A_cancel_of_a_draining_procedure_whose_step_no_longer_runs_is_admitted_to_end_the_drain_but_nothing_else()
    {
        var orphaned = Cancelling with { RunningStep = null };
        Assert.Null(ProcedureConflictRule.RefusesCommandOn(orphaned, isCancel: true));
        Assert.NotNull(ProcedureConflictRule.RefusesCommandOn(orphaned));
        Assert.NotNull(ProcedureConflictRule.RefusesCommandOn(Cancelling, isCancel: true));
        Assert.NotNull(ProcedureConflictRule.RefusesNewProcedure(orphaned, isFailover: true));
    }

    [Fact]
    public void A_cancel_of_a_draining_procedure_whose_running_step_lease_expired_is_admitted_to_take_it_over_but_nothing_else()
    {
        var abandoned = Cancelling with { RunningStepLeaseExpired = true };
        Assert.Null(ProcedureConflictRule.RefusesCommandOn(abandoned, isCancel: true));
        Assert.NotNull(ProcedureConflictRule.RefusesCommandOn(abandoned));
        Assert.NotNull(ProcedureConflictRule.RefusesNewProcedure(abandoned, isFailover: true));
    }

    [Fact]
    public void The_refusal_over_a_step_whose_lease_expired_does_not_say_it_is_still_running_and_names_the_cancel_that_ends_the_drain()
    {
        var abandoned = Cancelling with { RunningStepLeaseExpired = true };

        var refusal = ProcedureConflictRule.RefusesCommandOn(abandoned);

        Assert.Equal(
            "procedure #12 (switchover of exch1) is cancelling: step 7 (service.start MSExchangeIS on node2) was running on a worker whose lease has expired " +
            "and no runner has taken it up; `orchestrator procedures cancel 12` ends the drain, see `orchestrator procedures show 12`",
            refusal);
    }

    [Fact]
    public void A_lease_has_expired_only_strictly_after_its_end_and_an_unknown_end_is_not_expired()
    {
        var now = new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
        Assert.True(ClaimLeaseRule.HasExpired(now.AddMilliseconds(-1), now));
        Assert.False(ClaimLeaseRule.HasExpired(now, now));
        Assert.False(ClaimLeaseRule.HasExpired(now.AddSeconds(30), now));
        Assert.False(ClaimLeaseRule.HasExpired(null, now));
    }
}
