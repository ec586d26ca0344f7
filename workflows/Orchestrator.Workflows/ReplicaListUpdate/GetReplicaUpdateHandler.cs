using Mediator;
using Orchestrator.Storage.Replicas;

namespace Orchestrator.Workflows.ReplicaListUpdate;

public sealed class GetReplicaUpdateHandler(IReplicaUpdateStore store, ReplicaUpdateViews views) : IQueryHandler<GetReplicaUpdateQuery, ReplicaUpdateView?>
{
    public async ValueTask<ReplicaUpdateView?> Handle(GetReplicaUpdateQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return await store.LatestAsync(query.Hierarchy, cancellationToken).ConfigureAwait(false) is { } update
            ? await views.GetAsync(update, cancellationToken).ConfigureAwait(false)
            : null;
    }
}
