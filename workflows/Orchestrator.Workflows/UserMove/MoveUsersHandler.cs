using Mediator;
using Orchestrator.Engine.Commands;
using Orchestrator.Engine.Errors;
using Orchestrator.Storage.Users;

namespace Orchestrator.Workflows.UserMove;

/// <summary>One user-move procedure per hierarchy and destination server among the recorded failures the selector takes.</summary>
public sealed class MoveUsersHandler(ProcedureLauncher launcher, IFailedUserMoveStore failures) : ICommandHandler<MoveUsersCommand, IReadOnlyList<ProcedureStarted>>
{
    public async ValueTask<IReadOnlyList<ProcedureStarted>> Handle(MoveUsersCommand command, CancellationToken cancellationToken)
    {
        var open = (await failures.ListOpenAsync(cancellationToken).ConfigureAwait(false)).Where(f => command.Selector.Matches(f.UserName, f.Domain)).ToList();
        if (open.Count == 0)
        {
            throw new BadInputException($"no recorded failed user matches {command.Selector}; list them with `orchestrator users failed`");
        }

        var started = new List<ProcedureStarted>();
        foreach (var group in open.GroupBy(f => (f.Hierarchy, f.ToServer)))
        {
            var reason = $"{command.Actor} requested moving the failed users ({command.Selector}: {string.Join(", ", group.Select(f => f.UserName))}) to {group.Key.ToServer}";
            started.Add(await ProcedureLauncher.PlanFromCurrentStateAsync(async () =>
            {
                var context = await launcher.ResolveForMoveAsync(group.Key.Hierarchy, cancellationToken).ConfigureAwait(false);
                return await launcher.LaunchAsync(
                    new LaunchRequest(UserMoveProcedure.KindName, context, command.Selector.ToString(), group.Key.ToServer, command.Actor, reason), cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false));
        }

        return started;
    }
}
