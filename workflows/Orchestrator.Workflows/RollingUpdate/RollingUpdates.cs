using Orchestrator.Engine.Errors;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Workflows.RollingUpdate;

/// <summary>Finds the newest rolling update of a hierarchy (or of the whole cluster), or refuses clearly.</summary>
public sealed class RollingUpdates(IProcedureStore store)
{
    public static string KeyOf(string? hierarchy, bool wholeCluster) =>
        wholeCluster ? StartRollingUpdateHandler.ClusterKey
            : hierarchy ?? throw new BadInputException("name the hierarchy (`orchestrator update status H`), or use --cluster for a cluster-wide update");

    public async Task<ProcedureRecord> LatestAsync(string key, CancellationToken cancellationToken) =>
        (await store.ListAsync(key, 100, cancellationToken).ConfigureAwait(false))
            .Where(p => p.Kind == RollingUpdateProcedure.KindName && string.Equals(p.Hierarchy, key, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(p => p.Id).FirstOrDefault()
        ?? throw new BadInputException(key == StartRollingUpdateHandler.ClusterKey
            ? "no cluster-wide update has been started; start one with `orchestrator update start --cluster --package VERSION`"
            : $"no rolling update of {key} has been started; start one with `orchestrator update start {key} --package VERSION`");
}
