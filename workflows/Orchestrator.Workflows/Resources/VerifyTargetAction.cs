using Orchestrator.Domain.Rules;
using Orchestrator.Engine.Admission;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Workflows.Resources;

/// <summary>
/// The first step of a move: when the procedure actually runs, the move onto the step's node is judged again by the
/// admission rule every move obeys, from where the hierarchy is now — so a situation that changed between the request and
/// the run (a node down, a path cut, the spare taken, a mirror no longer mirroring) is caught before anything moves.
/// A wait (a resync finishing) is a durable poll within MAXWAIT; a refusal stops the procedure for an operator.
/// </summary>
public sealed class VerifyTargetAction(
    MoveAdmissionCheck admission, CurrentDefinition definitions, IProcedureStore store, ProcedureCatalog procedures, EngineOptions options) : IStepAction
{
    public string Action => StepActions.VerifyTarget;

    public string Describe(string node, string target) => $"verify the move onto {node} is admitted (node up, path, N+1 spare, mirror)";

    public async Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var target = execution.Step.Node;
        var (cluster, _) = await definitions.GetAsync(cancellationToken).ConfigureAwait(false);
        var hierarchy = cluster.FindHierarchy(execution.Procedure.Hierarchy)
            ?? throw new EnvironmentException($"hierarchy {execution.Procedure.Hierarchy} is no longer in the cluster definition; cancel this procedure", transient: false);
        var source = (await store.GetPictureAsync(hierarchy.Name, cancellationToken).ConfigureAwait(false)).PlacedOn; // its row, not every placement
        if (string.Equals(source, target, StringComparison.OrdinalIgnoreCase))
        {
            // E.g. a failover brought it there while a rolling update was suspended: the ensure-steps that follow are no-ops.
            execution.Note = $"{hierarchy.Name} is already in service on {target}; nothing to move";
            return;
        }

        var kind = procedures.Get(execution.Procedure.Kind).Move ?? MoveKind.Switchover;
        var verdict = await admission.AdmitAsync(cluster, hierarchy, kind, source, target, automatic: false, cancellationToken, execution.Procedure.Id).ConfigureAwait(false);
        switch (verdict.Kind)
        {
            case MoveVerdictKind.Admitted:
                execution.Note = $"admitted: {verdict.Text}";
                return;
            case MoveVerdictKind.Wait:
                throw new StepNotReadyException(verdict.Reason, options.ServicePollInterval);
            default:
                throw new EnvironmentException($"the move of {hierarchy.Name} onto {target} is no longer admitted: {verdict.Reason}", transient: false);
        }
    }
}
