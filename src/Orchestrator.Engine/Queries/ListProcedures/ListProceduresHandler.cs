using Mediator;
using Orchestrator.Engine.Views;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Queries.ListProcedures;

public sealed class ListProceduresHandler(IProcedureStore store, ProcedureViews views) : IQueryHandler<ListProceduresQuery, IReadOnlyList<ProcedureView>>
{
    public async ValueTask<IReadOnlyList<ProcedureView>> Handle(ListProceduresQuery query, CancellationToken cancellationToken)
    {
        var list = new List<ProcedureView>();
        var records = query.ActiveOnly
            ? (await store.ListActiveAsync(cancellationToken).ConfigureAwait(false))
                .Where(p => query.Hierarchy is null || string.Equals(p.Hierarchy, query.Hierarchy, StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(p => p.Id)
                .ToList()
            : await store.ListAsync(query.Hierarchy, query.Limit, query.BeforeId, cancellationToken).ConfigureAwait(false);
        foreach (var p in records)
        {
            list.Add(views.ToView(p, await store.GetStepsAsync(p.Id, cancellationToken).ConfigureAwait(false)));
        }

        return list;
    }
}
