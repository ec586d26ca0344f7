using Mediator;
using Orchestrator.Storage.Users;

namespace Orchestrator.Workflows.UserMove;

public sealed class ListFailedUsersHandler(IFailedUserMoveStore failures) : IQueryHandler<ListFailedUsersQuery, IReadOnlyList<FailedUserMove>>
{
    public async ValueTask<IReadOnlyList<FailedUserMove>> Handle(ListFailedUsersQuery query, CancellationToken cancellationToken) =>
        await failures.ListOpenAsync(cancellationToken).ConfigureAwait(false);
}
