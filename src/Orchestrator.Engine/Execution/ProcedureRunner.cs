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
        int? next = seq;
        var first = true;
        while (next is int current)
        {
            // This process never runs one step twice at once, even though it may re-claim its own claim.
            if (!_executing.TryAdd((procedureId, current), 0))
            {
                return;
            }

            try
            {
                if (first && !await store.TryClaimStepAsync(procedureId, current, worker.Id, time.GetUtcNow(), options.ClaimLease, cancellationToken).ConfigureAwait(false))
                {
                    logger.LogDebug("Step {Step} of procedure {ProcedureId} is not runnable here; nothing to do", current, procedureId);
                    return;
                }

                first = false;
                next = await ExecuteClaimedAsync(procedureId, current, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _executing.TryRemove((procedureId, current), out _);
            }
        }
    }

    private async Task<int?> ExecuteClaimedAsync(long id, int seq, CancellationToken cancellationToken)
    {
        var procedure = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        var steps = await store.GetStepsAsync(id, cancellationToken).ConfigureAwait(false);
        var step = steps.FirstOrDefault(s => s.Seq == seq);
        if (procedure is null || step is null || !procedure.IsActive || procedure.State != step.Phase || step.ClaimedBy != worker.Id)
        {
            return null; // cancelled, or taken over: a late job is a no-op
        }

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["ProcedureId"] = id, ["Hierarchy"] = procedure.Hierarchy });
        var action = actions.Get(step.Action);
        var what = action.Describe(step.Node, step.Target);
        try
        {
            logger.LogInformation("Procedure {ProcedureId} step {Step}: {What} (attempt {Attempt})", id, seq, what, step.Attempts);
            await action.ExecuteAsync(new StepExecution(procedure, step, time), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (MaxWaitExceededException e)
        {
            await StopForOperatorAsync(procedure, step, ProcedureTriggers.MaxWaitExceeded, $"{what}: {e.Message}", cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception e)
        {
            var transient = e is not EnvironmentException env || env.Transient;
            if (transient && step.Attempts < options.MaxAttempts)
            {
                var delay = options.BackoffFor(step.Attempts);
                logger.LogWarning("Procedure {ProcedureId} step {Step} failed (attempt {Attempt} of {MaxAttempts}), retrying in {Delay}: {Error}",
                    id, seq, step.Attempts, options.MaxAttempts, delay, e.Message);
                await store.RecordFailedAttemptAsync(id, seq, worker.Id, e.Message, time.GetUtcNow() + delay, cancellationToken).ConfigureAwait(false);
                await dispatcher.ScheduleAsync(id, seq, delay, cancellationToken).ConfigureAwait(false);
                return null;
            }

            var why = transient ? $"after {step.Attempts} attempts" : "and cannot succeed by retrying";
            await StopForOperatorAsync(procedure, step, ProcedureTriggers.StepFailed, $"{what} failed {why}: {e.Message}", cancellationToken).ConfigureAwait(false);
            return null;
        }

        CrashPoints.Hit($"after-effect-{seq}");
        return await CommitSuccessAsync(procedure, steps, step, what, cancellationToken).ConfigureAwait(false);
    }

    private async Task<int?> CommitSuccessAsync(ProcedureRecord procedure, IReadOnlyList<StepRecord> steps, StepRecord step, string what, CancellationToken cancellationToken)
    {
        var nextStep = steps.FirstOrDefault(s => s.Seq == step.Seq + 1);
        var version = procedure.Version;
        var (from, to) = transitions.Fire(procedure, ProcedureTriggers.StepSucceeded, new MachineInputs { NextStepPhase = nextStep?.Phase });
        var finished = ProcedureStates.IsTerminal(to);
        var now = time.GetUtcNow();
        List<StepChange> changes = [new(step.Seq, StepStatus.Done)];
        if (nextStep is not null)
        {
            changes.Add(new StepChange(nextStep.Seq, StepStatus.Ready));
        }

        var reason = $"done: {what} (step {step.Seq} of {steps.Count})" + (finished ? $"; {procedure.Hierarchy} is in service on {procedure.TargetNode}" : "");
        var commit = new TransitionCommit(
            procedure.Id, from, version, to, !finished, null, null, changes,
            [TransitionFactory.Audit(procedure, from, to, ProcedureTriggers.StepSucceeded, procedure.RequestedBy, reason, now)],
            finished ? new PlacementChange(procedure.Hierarchy, procedure.TargetNode) : null,
            now, worker.Id, options.ClaimLease);
        var outcome = await store.CommitTransitionAsync(commit, cancellationToken).ConfigureAwait(false);
        CrashPoints.Hit($"after-commit-{step.Seq}");
        if (!outcome.Committed)
        {
            logger.LogWarning("Procedure {ProcedureId} moved on while step {Step} ran (cancelled?); its result is not recorded as a transition", procedure.Id, step.Seq);
            return null;
        }

        if (finished)
        {
            logger.LogInformation("Procedure {ProcedureId} {Kind} of {Hierarchy} completed", procedure.Id, procedure.Kind, procedure.Hierarchy);
        }

        return outcome.ClaimedSeq;
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
        await store.CommitTransitionAsync(commit, cancellationToken).ConfigureAwait(false);
        logger.LogError("Procedure {ProcedureId} waits for an operator: {Error}", procedure.Id, error);
    }
}
