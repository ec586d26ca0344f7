using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Execution;

/// <summary>
/// Runs steps: claim, act, then commit "step done + state + audit + next step claimed by me" in one
/// transaction, and go straight on with the next step without a queue round trip. Any crash leaves
/// a committed state the sweeper resumes from.
/// </summary>
public sealed class ProcedureRunner(
    IProcedureStore store,
    StepActionCatalog actions,
    TransitionFactory transitions,
    IStepDispatcher dispatcher,
    WorkerIdentity worker,
    EngineOptions options,
    TimeProvider time,
    ILogger<ProcedureRunner> logger)
{
    private readonly ConcurrentDictionary<(long, int), byte> _executing = new();

    public async Task RunAsync(long procedureId, int seq, CancellationToken cancellationToken)
    {
        // This process never runs one step twice at once, even though it may re-claim its own claim.
        if (!_executing.TryAdd((procedureId, seq), 0))
        {
            return;
        }

        try
        {
            if (!await store.TryClaimStepAsync(procedureId, seq, worker.Id, time.GetUtcNow(), options.ClaimLease, cancellationToken).ConfigureAwait(false))
            {
                logger.LogDebug("Step {Step} of procedure {ProcedureId} is not runnable here; nothing to do", seq, procedureId);
                return;
            }

            // The plan is read once per job; along the chain each commit returns the next claimed step.
            var procedure = await store.GetAsync(procedureId, cancellationToken).ConfigureAwait(false);
            var plan = await store.GetStepsAsync(procedureId, cancellationToken).ConfigureAwait(false);
            var step = plan.FirstOrDefault(s => s.Seq == seq);
            if (procedure is null || step is null || !procedure.IsActive || procedure.State != step.Phase)
            {
                return;
            }

            using var scope = logger.BeginScope(new Dictionary<string, object> { ["ProcedureId"] = procedureId, ["Hierarchy"] = procedure.Hierarchy });
            while (step is not null)
            {
                step = await ExecuteClaimedAsync(procedure, plan, step, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _executing.TryRemove((procedureId, seq), out _);
        }
    }

    /// <summary>Runs one claimed step; returns the next step when this worker claimed it in the same commit.</summary>
    private async Task<StepRecord?> ExecuteClaimedAsync(ProcedureRecord procedure, IReadOnlyList<StepRecord> plan, StepRecord step, CancellationToken cancellationToken)
    {
        var action = actions.Get(step.Action);
        var what = action.Describe(step.Node, step.Target);
        var execution = new StepExecution(procedure, step, time);
        try
        {
            logger.LogInformation("Procedure {ProcedureId} step {Step}: {What} (attempt {Attempt})", procedure.Id, step.Seq, what, step.Attempts);
            await action.ExecuteAsync(execution, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (StepNotReadyException e)
        {
            await WaitAsync(procedure, step, execution, what, e, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (MaxWaitExceededException e)
        {
            await StopForOperatorAsync(procedure, step, ProcedureTriggers.MaxWaitExceeded, $"{what}: {e.Message}", cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception e)
        {
            await HandleFailureAsync(procedure, step, what, e, cancellationToken).ConfigureAwait(false);
            return null;
        }

        CrashPoints.Hit($"after-effect-{step.Seq}");
        var done = execution.Note is { } note ? $"{what}; {note}" : what;
        return await CommitSuccessAsync(procedure, plan, step, done, execution, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A durable poll: the step goes back to ready, due again after the wait, without spending an attempt — within MAXWAIT.</summary>
    private async Task WaitAsync(ProcedureRecord procedure, StepRecord step, StepExecution execution, string what, StepNotReadyException e, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now >= execution.Deadline)
        {
            await StopForOperatorAsync(procedure, step, ProcedureTriggers.MaxWaitExceeded,
                $"{what}: still waiting for {e.Message} after its MAXWAIT of {step.MaxWaitSeconds} s", cancellationToken).ConfigureAwait(false);
            return;
        }

        var due = now + e.RetryAfter;
        due = due > execution.Deadline ? execution.Deadline : due;
        logger.LogInformation("Procedure {ProcedureId} step {Step} waits for {What} until {Due:O}", procedure.Id, step.Seq, e.Message, due);
        await store.RecordWaitAsync(procedure.Id, step.Seq, worker.Id, e.Message, due, cancellationToken).ConfigureAwait(false);
        await dispatcher.ScheduleAsync(procedure.Id, step.Seq, due - now, cancellationToken).ConfigureAwait(false);
    }

    private async Task HandleFailureAsync(ProcedureRecord procedure, StepRecord step, string what, Exception e, CancellationToken cancellationToken)
    {
        var transient = e is not EnvironmentException env || env.Transient;
        if (transient && step.Attempts < options.MaxAttempts)
        {
            var delay = options.BackoffFor(step.Attempts);
            logger.LogWarning("Procedure {ProcedureId} step {Step} failed (attempt {Attempt} of {MaxAttempts}), retrying in {Delay}: {Error}",
                procedure.Id, step.Seq, step.Attempts, options.MaxAttempts, delay, e.Message);
            await store.RecordFailedAttemptAsync(procedure.Id, step.Seq, worker.Id, e.Message, time.GetUtcNow() + delay, cancellationToken).ConfigureAwait(false);
            await dispatcher.ScheduleAsync(procedure.Id, step.Seq, delay, cancellationToken).ConfigureAwait(false);
            return;
        }

        var why = transient ? $"after {step.Attempts} attempts" : "and cannot succeed by retrying";
        await StopForOperatorAsync(procedure, step, ProcedureTriggers.StepFailed, $"{what} failed {why}: {e.Message}", cancellationToken).ConfigureAwait(false);
    }

    private async Task<StepRecord?> CommitSuccessAsync(
        ProcedureRecord procedure, IReadOnlyList<StepRecord> plan, StepRecord step, string what, StepExecution execution, CancellationToken cancellationToken)
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
            finished ? new PlacementChange(procedure.Hierarchy, placedOn ?? procedure.TargetNode) : placedOn is null ? null : new PlacementChange(procedure.Hierarchy, placedOn),
            now, nextStep?.Seq, worker.Id, options.ClaimLease);
        var outcome = await store.CommitTransitionAsync(commit, cancellationToken).ConfigureAwait(false);
        CrashPoints.Hit($"after-commit-{step.Seq}");
        if (!outcome.Committed)
        {
            await RecordLateStepAsync(procedure.Id, step, StepStatus.Done, $"done: {what}", cancellationToken).ConfigureAwait(false);
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
        var placed = $"{procedure.Hierarchy} is in service on {procedure.TargetNode}";
        if (endState == ProcedureStates.Completed)
        {
            return placed;
        }

        var notes = plan.Where(s => s.Seq != step.Seq && s.Outcome is not null).Select(s => s.OutcomeNote)
            .Append(execution.Outcome is null ? null : execution.Note).OfType<string>();
        return $"{placed}; {endState}: {string.Join("; ", notes)}";
    }

    /// <summary>
    /// The procedure moved on (an operator cancelled it) while this step ran: the step's outcome is recorded
    /// (done when its effect happened), with an audit row that says so, without changing the procedure's state.
    /// </summary>
    private async Task RecordLateStepAsync(long id, StepRecord step, string status, string outcome, CancellationToken cancellationToken)
    {
        var current = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (current is null || current.IsActive)
        {
            logger.LogWarning("Procedure {ProcedureId} changed while step {Step} ran; a later job continues it", id, step.Seq);
            return;
        }

        var now = time.GetUtcNow();
        var commit = new TransitionCommit(id, current.State, current.Version, current.State, false, current.ResumeState, current.LastError,
            [new StepChange(step.Seq, status)],
            [TransitionFactory.Audit(current, current.State, current.State, "StepFinishedAfterCancel", current.RequestedBy,
                $"step {step.Seq} was already running when the procedure became {current.State}: {outcome}", now)],
            null, now);
        var recorded = await store.CommitTransitionAsync(commit, cancellationToken).ConfigureAwait(false);
        logger.LogWarning("Procedure {ProcedureId} was {State} while step {Step} ran; recorded it as {Status} ({Recorded})", id, current.State, step.Seq, status, recorded.Committed);
    }

    private async Task StopForOperatorAsync(ProcedureRecord procedure, StepRecord step, string trigger, string error, CancellationToken cancellationToken)
    {
        var version = procedure.Version;
        var (from, to) = transitions.Fire(procedure, trigger, new MachineInputs());
        var now = time.GetUtcNow();
        var reason = $"{error}; fix the cause, then `orchestrator procedures retry {procedure.Id}` or `orchestrator procedures cancel {procedure.Id}`";
        var commit = new TransitionCommit(
            procedure.Id, from, version, to, true, from, error,
            [new StepChange(step.Seq, StepStatus.Failed, error)],
            [TransitionFactory.Audit(procedure, from, to, trigger, procedure.RequestedBy, reason, now)],
            null, now);
        if (!(await store.CommitTransitionAsync(commit, cancellationToken).ConfigureAwait(false)).Committed)
        {
            await RecordLateStepAsync(procedure.Id, step, StepStatus.Cancelled, $"{error} (not retried)", cancellationToken).ConfigureAwait(false);
            return;
        }

        logger.LogError("Procedure {ProcedureId} waits for an operator: {Error}", procedure.Id, error);
    }
}
