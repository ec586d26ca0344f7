using Mediator;
using Orchestrator.Domain.Rules;
using Orchestrator.Engine.Commands;
using Orchestrator.Engine.Errors;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Users;
using Orchestrator.Workflows.UserMoveBack;

namespace Orchestrator.Workflows.UserMove;

/// <summary>
/// One user-move procedure per hierarchy and destination server among the recorded failures the selector takes, and (S10
/// repair) one <see cref="UserMoveBackProcedure"/> per hierarchy deleted while in service on a backup whose users the selector
/// takes, moving them back to its primary. The credentials every one of them needs are checked before any is created.
/// </summary>
public sealed class MoveUsersHandler(
    ProcedureLauncher launcher,
    IFailedUserMoveStore failures,
    IHierarchyAdministration world,
    IDirectoryControl directory,
    UserMoveBackLauncher moveBack) : ICommandHandler<MoveUsersCommand, IReadOnlyList<ProcedureStarted>>
{
    public async ValueTask<IReadOnlyList<ProcedureStarted>> Handle(MoveUsersCommand command, CancellationToken cancellationToken)
    {
        var open = (await failures.ListOpenAsync(cancellationToken).ConfigureAwait(false)).Where(f => command.Selector.Matches(f.UserName, f.Domain)).ToList();
        var tombstones = new List<(HierarchyPlacement Tombstone, IReadOnlyList<string> Users)>();
        foreach (var tombstone in await world.DeletedOnBackupAsync(cancellationToken).ConfigureAwait(false))
        {
            var users = await UsersToMoveBack.SelectAsync(world, directory, tombstone.Hierarchy, command.Selector, cancellationToken).ConfigureAwait(false);
            if (users.Count > 0)
            {
                tombstones.Add((tombstone, users));
            }
        }

        if (open.Count == 0 && tombstones.Count == 0)
        {
            throw new BadInputException(
                $"no recorded failed user and no user of a hierarchy deleted on a backup matches {command.Selector}; list the failed ones with `orchestrator users failed`");
        }

        foreach (var (tombstone, _) in tombstones)
        {
            await moveBack.RequireCredentialsAsync(tombstone.Hierarchy, cancellationToken).ConfigureAwait(false);
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

        foreach (var (tombstone, users) in tombstones)
        {
            started.Add(await ProcedureLauncher.PlanFromCurrentStateAsync(
                () => moveBack.LaunchAsync(tombstone, command.Selector, users, command.Actor, cancellationToken)).ConfigureAwait(false));
        }

        return started;
    }
}
