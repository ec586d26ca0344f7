using Mediator;
using Orchestrator.Storage.Users;

namespace Orchestrator.Workflows.UserMove;

/// <summary>The users that failed to move and have not been moved since (the guide's FailedExUsers.log).</summary>
public sealed record ListFailedUsersQuery : IQuery<IReadOnlyList<FailedUserMove>>;
