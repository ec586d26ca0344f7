using Orchestrator.Environment.Ports;
using Orchestrator.Workflows.UserMove;

namespace Orchestrator.Workflows.UserMoveBack;

/// <summary>The users of a deleted hierarchy's tombstone still to move back that a selector takes (its domain read from the directory).</summary>
internal static class UsersToMoveBack
{
    public static async Task<IReadOnlyList<string>> SelectAsync(
        IHierarchyAdministration world, IDirectoryControl directory, string hierarchy, UserSelector selector, CancellationToken cancellationToken)
    {
        var chosen = new List<string>();
        foreach (var user in await world.UsersToMoveBackAsync(hierarchy, cancellationToken).ConfigureAwait(false))
        {
            var domain = selector.Kind == "domain" ? await directory.DomainOfAsync(user, cancellationToken).ConfigureAwait(false) : null;
            if (selector.Matches(user, domain))
            {
                chosen.Add(user);
            }
        }

        return chosen;
    }
}
