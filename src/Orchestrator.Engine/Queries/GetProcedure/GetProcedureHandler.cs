using Mediator;
using Orchestrator.Engine.Errors;
using Orchestrator.Engine.Views;

namespace Orchestrator.Engine.Queries.GetProcedure;

public sealed class GetProcedureHandler(ProcedureViews views) : IQueryHandler<GetProcedureQuery, ProcedureView>
{
    public async ValueTask<ProcedureView> Handle(GetProcedureQuery query, CancellationToken cancellationToken) =>
        await views.GetAsync(query.Id, cancellationToken).ConfigureAwait(false)
        ?? throw new BadInputException($"no procedure #{query.Id}; list them with `orchestrator procedures list`");
}
