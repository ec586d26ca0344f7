using Mediator;
using Orchestrator.Engine.Errors;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Views;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Commands.CancelProcedure;

/// <summary>
/// Cancels at the next step boundary: no further step starts; a step already running finishes (each
/// step is one whole effect) and is recorded by its worker. The report is taken once it has.
/// </summary>
public sealed class CancelProcedureHandler(
    OperatorCommandSupport support,
    IProcedureStore store,
    TransitionFactory transitions,
    IHierarchyObserver observer,
    ProcedureViews views,
    EngineOptions options,
    TimeProvider time) : ICommandHandler<CancelProcedureCommand, CancelProcedureResult>
{
    public async ValueTask<CancelProcedureResult> Handle(CancelProcedureCommand command, CancellationToken cancellationToken)
    {
        var (procedure, steps) = await support.LoadAsync(command.Id, cancellationToken).ConfigureAwait(false);
        var version = procedure.Version;
        var (from, to) = transitions.Fire(procedure, ProcedureTriggers.OperatorCancel, new MachineInputs());
        var running = steps.Where(s => s.Status == StepStatus.Running).ToList();
        var now = time.GetUtcNow();
        var waitingFor = running.Count == 0 ? "" : $"; step {running[0].Seq} ({running[0].Action} {running[0].Target} on {running[0].Node}) was running and finishes first";
        var commit = new TransitionCommit(procedure.Id, from, version, to, false, null, procedure.LastError,
            steps.Where(s => s.Status is StepStatus.Planned or StepStatus.Ready or StepStatus.Failed).Select(s => new StepChange(s.Seq, StepStatus.Cancelled)).ToList(),
            [TransitionFactory.Audit(procedure, from, to, ProcedureTriggers.OperatorCancel, command.Actor,
                $"{command.Actor} cancelled {procedure.Kind} of {procedure.Hierarchy} after {steps.Count(s => s.Status == StepStatus.Done)} of {steps.Count} steps{waitingFor}", now)],
            null, now);
        if (!(await store.CommitTransitionAsync(commit, cancellationToken).ConfigureAwait(false)).Committed)
        {
            throw new ProcedureStateException($"procedure #{procedure.Id} changed while cancelling; look again with `orchestrator procedures show {procedure.Id}`");
        }

        var settled = await WaitForRunningStepsAsync(procedure.Id, running, cancellationToken).ConfigureAwait(false);
        return await ReportAsync(procedure.Id, command.Actor, settled, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> WaitForRunningStepsAsync(long id, IReadOnlyList<StepRecord> running, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + options.CancelWaitForRunningStep;
        while (running.Count > 0)
        {
            var steps = await store.GetStepsAsync(id, cancellationToken).ConfigureAwait(false);
            if (!steps.Any(s => s.Status == StepStatus.Running && running.Any(r => r.Seq == s.Seq)))
            {
                return true;
            }

            if (time.GetUtcNow() >= deadline)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>Records where every resource is (and the placement) as a second audit row, once nothing runs any more.</summary>
    private async Task<CancelProcedureResult> ReportAsync(long id, string actor, bool settled, CancellationToken cancellationToken)
    {
        var procedure = (await store.GetAsync(id, cancellationToken).ConfigureAwait(false))!;
        var inService = await observer.InServiceNodesAsync(procedure.Hierarchy, cancellationToken).ConfigureAwait(false);
        var resources = await observer.DescribeResourcesAsync(procedure.Hierarchy, cancellationToken).ConfigureAwait(false);
        var placedOn = inService.Count == 1 ? inService[0] : null;
        var where = placedOn is null ? "in service on no node" : $"in service on {placedOn}";
        var caveat = settled ? "" : "; a step that was running has not reported back yet, so a resource may still change";
        var now = time.GetUtcNow();
        await store.CommitTransitionAsync(new TransitionCommit(procedure.Id, procedure.State, procedure.Version, procedure.State, false, null, procedure.LastError, [],
            [TransitionFactory.Audit(procedure, procedure.State, procedure.State, "CancelReport", actor, $"after the cancel {procedure.Hierarchy} is {where}{caveat}; {string.Join("; ", resources)}", now)],
            new PlacementChange(procedure.Hierarchy, placedOn), now), cancellationToken).ConfigureAwait(false);
        return new CancelProcedureResult((await views.GetAsync(id, cancellationToken).ConfigureAwait(false))!, inService, resources, settled);
    }
}
