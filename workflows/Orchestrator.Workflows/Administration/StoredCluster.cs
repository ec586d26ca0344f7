using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Errors;
using Orchestrator.Storage.Definitions;

namespace Orchestrator.Workflows.Administration;

/// <summary>
/// The stored cluster definition an administration command changes: parsed, its version and its text (the proposal is an
/// edit of that text, so comments and layout stay), read in one go so that the three agree.
/// </summary>
public sealed record StoredCluster(ClusterDefinition Cluster, long Version, string Yaml)
{
    public static async Task<StoredCluster> ReadAsync(IClusterDefinitionStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var stored = await store.GetCurrentAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new BadInputException("no cluster is defined; run `orchestrator cluster apply FILE` first");
        var parsed = ClusterDefinitionParser.Parse(stored.Yaml);
        var cluster = parsed.Definition
            ?? throw new BadInputException($"the stored cluster definition v{stored.Version} no longer parses ({parsed.Errors[0].Message}); re-apply a corrected file with `orchestrator cluster apply FILE`");
        return new StoredCluster(cluster, stored.Version, stored.Yaml);
    }

    /// <summary>The hierarchy of that name, or a refusal naming the ones the cluster has.</summary>
    public HierarchyDefinition Hierarchy(string name) =>
        Cluster.FindHierarchy(name)
            ?? throw new BadInputException($"unknown hierarchy '{name}'; the cluster {Cluster.Name} has: {string.Join(", ", Cluster.Hierarchies.Select(h => h.Name))}");

    /// <summary>
    /// The next definition, parsed and validated like a file given to <c>cluster apply</c>: a change that would make it invalid
    /// is refused (bad input) with every error, naming the command.
    /// </summary>
    public static ClusterDefinition Validate(string nextYaml, string command)
    {
        var parsed = ClusterDefinitionParser.ParseAndValidate(nextYaml);
        if (!parsed.Succeeded || parsed.Definition is not { } next)
        {
            throw new BadInputException(
                $"`{command}` would leave the cluster definition invalid; nothing was changed:{System.Environment.NewLine}"
                + string.Join(System.Environment.NewLine, parsed.Errors.Select(e => $"{e.Message} Fix: {e.Fix}")));
        }

        return next;
    }
}
