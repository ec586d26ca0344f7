using Microsoft.Extensions.Logging;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Execution;

/// <summary>
/// Runs steps: claim, act, then commit "step done + state + audit + next step claimed by me" in one
/// transaction, and go straight on with the next step without a queue round trip. Any crash leaves
/// a committed state the sweeper resumes from. Each claim carries a fencing token: every write made for it (commit,
/// give-back, wait) names the token and changes nothing once another claim took the step over. While an action runs its
/// lease is renewed (<see cref="ClaimHeartbeat"/>), and the action is bounded by the step's MAXWAIT: the engine stops
/// waiting for it at the deadline, whether or not the action honours its cancellation token.
/// </summary>
public sealed class ProcedureRunner(
    IProcedureStore store,
    StepActionCatalog actions,
    TransitionFactory transitions,
    IWorkDispatcher dispatcher,
    IAuditJournal audit,
    ProcedureDrain drain,
    WorkerIdentity worker,
    EngineOptions options,
    StoreOutage outage,
    TimeProvider time,
    ILogger<ProcedureRunner> logger)
{
    public async Task RunAsync(long procedureId, int seq, CancellationToken cancellationToken)
    {
        // Only a ready step, or a running one whose lease expired, can be claimed — by this process too: a second job for
        // a step this process runs finds it held, so no process runs one step twice at once.
        var claimed = await store.TryClaimStepAsync(procedureId, seq, worker.Id, time.GetUtcNow(), options.ClaimLease, cancellationToken).ConfigureAwait(false);
        if (claimed is null)
        {
            logger.LogDebug("Step {Step} of procedure {ProcedureId} is not runnable here; nothing to do", seq, procedureId);
            return;
        }

        // The plan is read once per job; along the chain each commit returns the next claimed step.
        var procedure = await store.GetAsync(procedureId, cancellationToken).ConfigureAwait(false);
        var plan = await store.GetStepsAsync(procedureId, cancellationToken).ConfigureAwait(false);
        if (procedure is { IsActive: true } && ProcedureStates.IsDraining(procedure.State))
        {
            // Claimed while the procedure drains (its worker died, or it was claimed as the drain began): the drain ends here, the action does not run.
            await DrainedAsync(procedure, new StepChange(seq, StepStatus.Cancelled), StepClaim.Of(claimed), "not run: the procedure was draining when the step was claimed", cancellationToken).ConfigureAwait(false);
            return;
        }

        if (procedure is null || !procedure.IsActive || procedure.State != claimed.Phase)
        {
            return;
        }

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["ProcedureId"] = procedureId, ["Hierarchy"] = procedure.Hierarchy });
        for (StepRecord? step = claimed; step is not null;)
        {
            var inFlight = step;
            try
            {
                step = await ExecuteClaimedAsync(procedure, plan, inFlight, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // An infrastructure failure (the database busy on commit, an exception recording a wait): Hangfire retries
                // this job's entry step, which may be long done — the step in flight goes back to ready now, not at its lease's end.
                await GiveBackInterruptedAsync(StepClaim.Of(inFlight), e).ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>
    /// Gives the step in flight back at once (ready, no attempt spent); if that fails too, its lease expires. A database out
    /// of reach is said once per outage (<see cref="StoreOutage"/>), and the step's fate in one line without a stack trace.
    /// </summary>
    private async Task GiveBackInterruptedAsync(StepClaim claim, Exception failure)
    {
        var unreachable = outage.Absorbed(failure);
        try
        {
            var given = await store.RecordInterruptedAsync(claim, $"interrupted: {failure.Message}", time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            var outcome = given ? "given back at once, without spending an attempt" : "it was no longer held";
            if (unreachable)
            {
                logger.LogInformation("{Claim} was interrupted by the database outage; {Outcome}", claim, outcome);
            }
            else
            {
                logger.LogWarning(failure, "{Claim} was interrupted by an infrastructure failure; {Outcome}", claim, outcome);
            }
        }
        catch (Exception e) when (outage.Absorbed(e))
        {
            logger.LogInformation("{Claim} was interrupted by the database outage and could not be given back; it is taken over once its lease expires", claim);
        }
        catch (Exception e)
        {
            logger.LogError(e, "{Claim} could not be given back after an infrastructure failure; it is taken over once its lease expires", claim);
        }
    }

    /// <summary>Runs one claimed step; returns the next step when this worker claimed it in the same commit.</summary>
    private async Task<StepRecord?> ExecuteClaimedAsync(ProcedureRecord procedure, IReadOnlyList<StepRecord> plan, StepRecord step, CancellationToken cancellationToken)
    {
        var action = actions.Get(step.Action);
        var what = action.Describe(step.Node, step.Target);
        var claim = StepClaim.Of(step);
        var execution = new StepExecution(procedure, step, time);
        var run = await RunBoundedAsync(action, execution, claim, what, cancellationToken).ConfigureAwait(false);
        switch (run.Failure)
        {
            case null:
                break;
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                throw run.Failure;
            case var _ when run.LeaseLost:
                await ReportFencedAsync(procedure, claim, what, run.LeaseExpired
                    ? "its lease ran out while the action ran, no renewal having got through"
                    : "its lease was lost while the action ran", cancellationToken).ConfigureAwait(false);
                return null;
            case StaleClaimException e:
                // A newer claim's effect already reached the world: this claim is stale, so nothing is committed for the step.
                await ReportFencedAsync(procedure, claim, what, $"the world refused its effect: {e.Message}", cancellationToken).ConfigureAwait(false);
                return null;
            case StepNotReadyException e:
                await WaitAsync(procedure, step, claim, execution, what, e, cancellationToken).ConfigureAwait(false);
                return null;
            case MaxWaitExceededException e:
                await StopForOperatorAsync(procedure, step, claim, ProcedureTriggers.MaxWaitExceeded, $"{what}: {e.Message}", cancellationToken).ConfigureAwait(false);
                return null;
            case OperationCanceledException when run.DeadlinePassed:
                await StopForOperatorAsync(procedure, step, claim, ProcedureTriggers.MaxWaitExceeded,
                    $"{what}: step {step.Seq} did not finish within MAXWAIT {step.MaxWaitSeconds} s", cancellationToken).ConfigureAwait(false);
                return null;
            case var e when outage.Absorbed(e):
                // The action could not reach the database (the simulated world lives in it on PostgreSQL): an outage of the
                // orchestrator's own store, not a failure of the effect — given back without spending an attempt, due again soon.
                await GiveBackInterruptedAsync(claim, e).ConfigureAwait(false);
                await dispatcher.ScheduleAsync(WorkItem.Step(procedure.Id, step.Seq), options.BackoffFor(1), cancellationToken).ConfigureAwait(false);
                return null;
            default:
                await HandleFailureAsync(procedure, step, claim, what, run.Failure, cancellationToken).ConfigureAwait(false);
                return null;
        }

        CrashPoints.Hit($"after-effect-{step.Seq}");
        var done = execution.Note is { } note ? $"{what}; {note}" : what;
        return await CommitSuccessAsync(procedure, plan, step, claim, done, execution, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs the action under its claim's heartbeat and its MAXWAIT deadline (counted from the step's first start). The
    /// engine awaits it only until the deadline, the loss of the lease or shutdown: an action that blocks and ignores its
    /// token is left behind (its late result ignored) rather than holding the step.
    /// </summary>
    private async Task<ActionRun> RunBoundedAsync(IStepAction action, StepExecution execution, StepClaim claim, string what, CancellationToken cancellationToken)
    {
        var remaining = execution.Deadline - time.GetUtcNow();
        await using var heartbeat = ClaimHeartbeat.Start(store, claim, options.ClaimLease, time, logger, outage);
        using var deadline = remaining > TimeSpan.Zero ? new CancellationTokenSource(remaining, time) : new CancellationTokenSource();
        if (remaining <= TimeSpan.Zero)
        {
            await deadline.CancelAsync().ConfigureAwait(false);
        }

        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, heartbeat.LeaseLost, deadline.Token);
        Exception? failure = null;
        try
        {
            logger.LogInformation("Procedure {ProcedureId} step {Step}: {What} (attempt {Attempt})", execution.Procedure.Id, execution.Step.Seq, what, execution.Step.Attempts);
            var running = Task.Run(() => action.ExecuteAsync(execution, bounded.Token), CancellationToken.None);
            try
            {
                await running.WaitAsync(bounded.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (running.IsCompletedSuccessfully)
            {
                // It finished as the bound fell: its effect happened, and the commit (fenced by the claim) says whether it counts.
            }
            catch (OperationCanceledException) when (!running.IsCompleted)
            {
                logger.LogWarning("Procedure {ProcedureId} step {Step}: {What} did not return when cancelled; left behind", execution.Procedure.Id, execution.Step.Seq, what);
                _ = running.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                throw;
            }
        }
        catch (Exception e)
        {
            failure = e;
        }

        return new ActionRun(failure, heartbeat.Lost, heartbeat.Expired, deadline.IsCancellationRequested);
    }

    /// <summary>
    /// How an action ended: its exception (null on success), and whether the lease was lost (run out, no renewal through:
    /// <paramref name="LeaseExpired"/>) or the deadline passed meanwhile.
    /// </summary>
    private sealed record ActionRun(Exception? Failure, bool LeaseLost, bool LeaseExpired, bool DeadlinePassed);

    /// <summary>
    /// This worker's claim was taken over (its lease expired and another claim holds the step): it commits nothing, and
    /// says so once in the audit.
    /// </summary>
    private async Task ReportFencedAsync(ProcedureRecord procedure, StepClaim claim, string what, string why, CancellationToken cancellationToken)
    {
        logger.LogWarning("Procedure {ProcedureId}: {Claim} is stale ({Why}); {What} is not committed by this worker", procedure.Id, claim, why, what);
        var reason = $"fenced: stale claim — {claim} of worker {worker.Id} was taken over by a newer claim ({why}); its result for {what} was not committed";
        await audit.AppendAsync(
            TransitionFactory.Audit(procedure, procedure.State, procedure.State, "Fenced", worker.Id, reason, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A durable poll: the step goes back to ready, due again after the wait, without spending an attempt — within MAXWAIT.</summary>
    private async Task WaitAsync(
        ProcedureRecord procedure, StepRecord step, StepClaim claim, StepExecution execution, string what, StepNotReadyException e, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now >= execution.Deadline)
        {
            await StopForOperatorAsync(procedure, step, claim, ProcedureTriggers.MaxWaitExceeded,
                $"{what}: still waiting for {e.Message} after its MAXWAIT of {step.MaxWaitSeconds} s", cancellationToken).ConfigureAwait(false);
            return;
        }

        var due = now + e.RetryAfter;
        due = due > execution.Deadline ? execution.Deadline : due;
        logger.LogInformation("Procedure {ProcedureId} step {Step} waits for {What} until {Due:O}", procedure.Id, step.Seq, e.Message, due);
        if (!await store.RecordWaitAsync(claim, e.Message, now, due - now, cancellationToken).ConfigureAwait(false))
        {
            await ReportFencedAsync(procedure, claim, what, "found when it gave the step back to wait", cancellationToken).ConfigureAwait(false);
            return;
        }

        if (await DrainedAsync(procedure, new StepChange(step.Seq, StepStatus.Cancelled), null, $"not finished: still waiting for {e.Message}", cancellationToken).ConfigureAwait(false))
        {
            return; // draining: the step it gave back ends the drain, it is not run again
        }

        await dispatcher.ScheduleAsync(WorkItem.Step(procedure.Id, step.Seq), due - now, cancellationToken).ConfigureAwait(false);
    }

    private async Task HandleFailureAsync(ProcedureRecord procedure, StepRecord step, StepClaim claim, string what, Exception e, CancellationToken cancellationToken)
    {
        var transient = e is not EnvironmentException env || env.Transient;
        if (transient && step.Attempts < options.MaxAttempts)
        {
            var delay = options.BackoffFor(step.Attempts);
            logger.LogWarning("Procedure {ProcedureId} step {Step} failed (attempt {Attempt} of {MaxAttempts}), retrying in {Delay}: {Error}",
                procedure.Id, step.Seq, step.Attempts, options.MaxAttempts, delay, e.Message);
            if (!await store.RecordFailedAttemptAsync(claim, e.Message, time.GetUtcNow(), delay, cancellationToken).ConfigureAwait(false))
            {
                await ReportFencedAsync(procedure, claim, what, "found when it gave the failed attempt back", cancellationToken).ConfigureAwait(false);
                return;
            }

            if (await DrainedAsync(procedure, new StepChange(step.Seq, StepStatus.Cancelled, e.Message), null, $"{what} failed, not retried: {e.Message}", cancellationToken).ConfigureAwait(false))
            {
                return; // draining: the step it gave back ends the drain, it is not run again
            }

            await dispatcher.ScheduleAsync(WorkItem.Step(procedure.Id, step.Seq), delay, cancellationToken).ConfigureAwait(false);
            return;
        }

        var why = transient ? $"after {step.Attempts} attempts" : "and cannot succeed by retrying";
        await StopForOperatorAsync(procedure, step, claim, ProcedureTriggers.StepFailed, $"{what} failed {why}: {e.Message}", cancellationToken).ConfigureAwait(false);
    }

    private async Task<StepRecord?> CommitSuccessAsync(
        ProcedureRecord procedure, IReadOnlyList<StepRecord> plan, StepRecord step, StepClaim claim, string what, StepExecution execution, CancellationToken cancellationToken)
    {
        var placedOn = execution.Placement;
        var nextStep = plan.FirstOrDefault(s => s.Seq == step.Seq + 1);
        var version = procedure.Version;

        // The end state follows from every done step's outcome: this one's, and the earlier ones' as persisted.
        var outcomes = plan.Where(s => s.Seq != step.Seq && s.Status == StepStatus.Done).Select(s => s.Outcome).Append(execution.Outcome);
        var inputs = new MachineInputs { NextStepPhase = nextStep?.Phase, EndState = ProcedureStates.EndStateFor(outcomes) };
        var (from, to) = transitions.Fire(procedure, ProcedureTriggers.StepSucceeded, inputs);
        var finished = ProcedureStates.IsTerminal(to);
        var now = time.GetUtcNow();
        var reason = $"done: {what} (step {step.Seq} of {plan.Count})" + (finished ? $"; {Ending(procedure, plan, step, execution, to)}" : "");
        var change = new StepChange(step.Seq, StepStatus.Done, Outcome: execution.Outcome, OutcomeNote: execution.Outcome is null ? null : execution.Note);
        var commit = new TransitionCommit(
            procedure.Id, from, version, to, !finished, null, null, [change],
            [TransitionFactory.Audit(procedure, from, to, ProcedureTriggers.StepSucceeded, procedure.RequestedBy, reason, now)],
            (finished ? placedOn ?? procedure.TargetNode : placedOn) is { } placed ? new PlacementChange(procedure.Hierarchy, placed) : null,
            now, nextStep?.Seq, worker.Id, options.ClaimLease, claim);
        var outcome = await store.CommitTransitionAsync(commit, cancellationToken).ConfigureAwait(false);
        CrashPoints.Hit($"after-commit-{step.Seq}");
        if (outcome.Fenced)
        {
            await ReportFencedAsync(procedure, claim, what, "found when it committed the step done", cancellationToken).ConfigureAwait(false);
            return null;
        }

        if (!outcome.Committed)
        {
            await RecordLateStepAsync(procedure, step, claim, change, $"done: {what}", cancellationToken).ConfigureAwait(false);
            return null;
        }

        procedure.Version = version + 1;
        if (plan.FirstOrDefault(s => s.Seq == step.Seq) is { } planned)
        {
            // The plan is read once per job: the steps this job runs next must see this one's outcome.
            (planned.Status, planned.Outcome, planned.OutcomeNote) = (StepStatus.Done, change.Outcome, change.OutcomeNote);
        }

        if (finished)
        {
            logger.LogInformation("Procedure {ProcedureId} {Kind} of {Hierarchy} ended {State}", procedure.Id, procedure.Kind, procedure.Hierarchy, to);
        }

        return outcome.Claimed;
    }

    /// <summary>The words of a procedure's last row: where the hierarchy is, and what fell short, by name.</summary>
    private static string Ending(ProcedureRecord procedure, IReadOnlyList<StepRecord> plan, StepRecord step, StepExecution execution, string endState)
    {
        // A procedure without a target node (an administration procedure of a hierarchy in service nowhere, or deleted) places nothing.
        var placed = procedure.TargetNode is { } target ? $"{procedure.Hierarchy} is in service on {target}" : $"{procedure.Kind} of {procedure.Hierarchy} done";
        if (endState == ProcedureStates.Completed)
        {
            return placed;
        }

        var notes = plan.Where(s => s.Seq != step.Seq && s.Outcome is not null).Select(s => s.OutcomeNote)
            .Append(execution.Outcome is null ? null : execution.Note).OfType<string>();
        return $"{placed}; {endState}: {string.Join("; ", notes)}";
    }

    /// <summary>
    /// Issue 12 point 4, called from every exit path of a claimed step (its outcome committed too late, a wait, a retry, a
    /// fresh claim of a step whose worker died, a give-back — then without the claim, which the give-back ended): when the
    /// procedure is draining, the drain ends here — the step's result,
    /// the end state, the report and the placement in one transaction (<see cref="ProcedureDrain"/>). False when it is not.
    /// </summary>
    private Task<bool> DrainedAsync(ProcedureRecord procedure, StepChange result, StepClaim? claim, string outcome, CancellationToken cancellationToken) =>
        drain.TryFinishAsync(procedure.Id, result, claim, outcome, worker.Id, cancellationToken);

    /// <summary>
    /// The procedure moved on while this step ran: when it drains (an operator cancelled it, a failover suspended it), the
    /// step's report ends the drain; otherwise the step's outcome is recorded (done when its effect happened), with an
    /// audit row that says so, without changing the procedure's state.
    /// </summary>
    private async Task RecordLateStepAsync(ProcedureRecord procedure, StepRecord step, StepClaim claim, StepChange result, string outcome, CancellationToken cancellationToken)
    {
        if (await DrainedAsync(procedure, result, claim, outcome, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var id = procedure.Id;
        var current = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (current is null || current.IsActive)
        {
            logger.LogWarning("Procedure {ProcedureId} changed while step {Step} ran; a later job continues it", id, step.Seq);
            return;
        }

        var now = time.GetUtcNow();
        var commit = new TransitionCommit(id, current.State, current.Version, current.State, false, current.ResumeState, current.LastError,
            [result],
            [TransitionFactory.Audit(current, current.State, current.State, "StepFinishedAfterCancel", current.RequestedBy,
                $"step {step.Seq} was already running when the procedure became {current.State}: {outcome}", now)],
            null, now, HeldClaim: claim);
        var recorded = await store.CommitTransitionAsync(commit, cancellationToken).ConfigureAwait(false);
        if (recorded.Fenced)
        {
            await ReportFencedAsync(procedure, claim, outcome, "found when it recorded the step's late outcome", cancellationToken).ConfigureAwait(false);
            return;
        }

        logger.LogWarning("Procedure {ProcedureId} was {State} while step {Step} ran; recorded it as {Status} ({Recorded})", id, current.State, step.Seq, result.NewStatus, recorded.Committed);
    }

    private async Task StopForOperatorAsync(ProcedureRecord procedure, StepRecord step, StepClaim claim, string trigger, string error, CancellationToken cancellationToken)
    {
        var version = procedure.Version;
        var (from, to) = transitions.Fire(procedure, trigger, new MachineInputs());
        var now = time.GetUtcNow();
        var reason = $"{error}; fix the cause, then `orchestrator procedures retry {procedure.Id}` or `orchestrator procedures cancel {procedure.Id}`";
        var commit = new TransitionCommit(
            procedure.Id, from, version, to, true, from, error,
            [new StepChange(step.Seq, StepStatus.Failed, error)],
            [TransitionFactory.Audit(procedure, from, to, trigger, procedure.RequestedBy, reason, now)],
            null, now, HeldClaim: claim);
        var outcome = await store.CommitTransitionAsync(commit, cancellationToken).ConfigureAwait(false);
        if (outcome.Fenced)
        {
            await ReportFencedAsync(procedure, claim, error, "found when it stopped for an operator", cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!outcome.Committed)
        {
            await RecordLateStepAsync(procedure, step, claim, new StepChange(step.Seq, StepStatus.Cancelled, error), $"{error} (not retried)", cancellationToken).ConfigureAwait(false);
            return;
        }

        logger.LogError("Procedure {ProcedureId} waits for an operator: {Error}", procedure.Id, error);
    }
}
