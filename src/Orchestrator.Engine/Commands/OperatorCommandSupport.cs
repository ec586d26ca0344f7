using Orchestrator.Engine.Errors;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Commands;

/// <summary>What every operator command on a procedure starts with: the instance and its steps, or a clear refusal.</summary>
public sealed class OperatorCommandSupport(IProcedureStore store)
{
    public async Task<(ProcedureRecord Procedure, IReadOnlyList<StepRecord> Steps)> LoadAsync(long id, CancellationToken cancellationToken)
    {
        var procedure = await store.GetAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new BadInputException($"no procedure #{id}; list them with `orchestrator procedures list`");
        return (procedure, await store.GetStepsAsync(id, cancellationToken).ConfigureAwait(false));
    }
}
