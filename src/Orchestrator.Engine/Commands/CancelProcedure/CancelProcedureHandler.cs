using Mediator;
using Orchestrator.Engine.Errors;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Views;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Commands.CancelProcedure;

public sealed class CancelProcedureHandler(IProcedureStore store, TransitionFactory transitions, IHierarchyObserver observer, ProcedureViews views, TimeProvider time)
    : ICommandHandler<CancelProcedureCommand, CancelProcedureResult>
{
    public async ValueTask<CancelProcedureResult> Handle(CancelProcedureCommand command, CancellationToken cancellationToken)
    {
        var procedure = await store.GetAsync(command.Id, cancellationToken).ConfigureAwait(false)
            ?? throw new BadInputException($"no procedure #{command.Id}; list them with `orchestrator procedures list`");
        var steps = await store.GetStepsAsync(command.Id, cancellationToken).ConfigureAwait(false);
        var version = procedure.Version;
        var (from, to) = transitions.Fire(procedure, ProcedureTriggers.OperatorCancel, new MachineInputs());

        // The world is consistent by construction (each step is one whole effect); report where things are.
        var inService = await observer.InServiceNodesAsync(procedure.Hierarchy, cancellationToken).ConfigureAwait(false);
        var resources = await observer.DescribeResourcesAsync(procedure.Hierarchy, cancellationToken).ConfigureAwait(false);
        var placedOn = inService.Count == 1 ? inService[0] : null;
        var now = time.GetUtcNow();
        var undone = steps.Where(s => s.Status is not StepStatus.Done).Select(s => new StepChange(s.Seq, StepStatus.Cancelled)).ToList();
        var where = placedOn is null ? "in service nowhere" : $"in service on {placedOn}";
        var commit = new TransitionCommit(procedure.Id, from, version, to, false, null, procedure.LastError, undone,
            [TransitionFactory.Audit(procedure, from, to, ProcedureTriggers.OperatorCancel, command.Actor,
                $"{command.Actor} cancelled after {steps.Count(s => s.Status == StepStatus.Done)} of {steps.Count} steps; {procedure.Hierarchy} is {where}; {string.Join("; ", resources)}", now)],
            new PlacementChange(procedure.Hierarchy, placedOn), now);
        var outcome = await store.CommitTransitionAsync(commit, cancellationToken).ConfigureAwait(false);
        if (!outcome.Committed)
        {
            throw new ProcedureStateException($"procedure #{procedure.Id} changed while cancelling; look again with `orchestrator procedures show {procedure.Id}`");
        }

        return new CancelProcedureResult((await views.GetAsync(procedure.Id, cancellationToken).ConfigureAwait(false))!, inService, resources);
    }
}
