namespace Orchestrator.Domain.Rules;

/// <summary>
/// S23: on failover the failed primary and the backup swap routing groups (and the routing-group and SMTP
/// connectors are updated) only when the failed primary is first in the public-folder owner list and the
/// backup is in a different routing group; never in an N+1 cluster. Pure; group names compare case-insensitively.
/// </summary>
public static class RoutingGroupSwapRule
{
    public static (bool Swap, string Reason) Decide(
        bool nPlusOne, bool failedPrimaryFirstInPublicFolderOwnerList, string? failedRoutingGroup, string? backupRoutingGroup)
    {
        if (nPlusOne)
            return (false, "no routing-group swap: the cluster is N+1, where routing groups are never swapped (S23)");
        if (!failedPrimaryFirstInPublicFolderOwnerList)
            return (false, "no routing-group swap: the failed primary is not first in the public-folder owner list (S23)");
        if (string.IsNullOrWhiteSpace(failedRoutingGroup) || string.IsNullOrWhiteSpace(backupRoutingGroup))
        {
            var unknown = string.IsNullOrWhiteSpace(failedRoutingGroup) ? "the failed primary's" : "the backup's";
            return (false, $"no routing-group swap: {unknown} routing group is unknown, so it cannot be shown to differ (S23)");
        }
        if (string.Equals(failedRoutingGroup, backupRoutingGroup, StringComparison.OrdinalIgnoreCase))
            return (false, $"no routing-group swap: the failed primary and the backup are both in routing group {failedRoutingGroup} (S23)");
        return (true, $"swap routing groups: the failed primary is first in the public-folder owner list and is in routing group "
            + $"{failedRoutingGroup} while the backup is in {backupRoutingGroup} (S23)");
    }
}
