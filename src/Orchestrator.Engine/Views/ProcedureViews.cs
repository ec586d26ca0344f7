using Orchestrator.Engine.Steps;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Views;

/// <summary>Reads procedures with their steps as views.</summary>
public sealed class ProcedureViews(IProcedureStore store, StepActionCatalog actions)
{
    public async Task<ProcedureView?> GetAsync(long id, CancellationToken cancellationToken)
    {
        var p = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (p is null)
        {
            return null;
        }

        var steps = await store.GetStepsAsync(id, cancellationToken).ConfigureAwait(false);
        return ToView(p, steps);
    }

    public ProcedureView ToView(ProcedureRecord p, IReadOnlyList<StepRecord> steps) => new(
        p.Id, p.Kind, p.Hierarchy, p.State, p.IsActive, p.SourceNode, p.TargetNode, p.RequestedBy, p.Reason, p.LastError,
        p.CreatedAt, p.UpdatedAt, p.CompletedAt,
        steps.Select(s => new StepView(s.Seq, s.Phase, s.Action, s.Node, s.Target, actions.Describe(s.Action, s.Node, s.Target), s.Status, s.Attempts, s.LastError, s.WaitingFor, s.Outcome, s.OutcomeNote)).ToList());
}
