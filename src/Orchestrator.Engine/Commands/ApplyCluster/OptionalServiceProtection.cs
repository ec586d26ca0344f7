using Orchestrator.Domain.Cluster;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Engine.Commands.ApplyCluster;

/// <summary>
/// S7: once a hierarchy is protected, every installed optional service it does not protect is set to manual start on every
/// node of the hierarchy, so that nothing runs outside the orchestrator's control. Each change is an idempotent effect keyed
/// by the definition version (procedure 0 = the cluster apply), so re-applying changes nothing; a node that cannot be reached
/// is named, and the next apply tries it again.
/// </summary>
public sealed class OptionalServiceProtection(IServiceStartModeControl startModes)
{
    public async Task<IReadOnlyList<string>> SetManualStartAsync(ClusterDefinition definition, long version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var key = new EffectKey(0, checked((int)version), 0);
        var changed = 0;
        var notes = new List<string>();
        // One effect per node and service, however many hierarchies share them (a cluster of 1,000 hierarchies on 50 nodes
        // asks 200 times, not 8,000).
        var pairs = definition.Hierarchies
            .SelectMany(h => h.Priorities.OrderBy(p => p.Priority).SelectMany(p => h.Application.UnprotectedOptionalServices().Select(s => (Node: p.Node, Service: s, Hierarchy: h.Name))))
            .GroupBy(x => (x.Node, x.Service), NodeServiceComparer.Instance)
            .Select(g => (g.Key.Node, g.Key.Service, Hierarchies: g.Select(x => x.Hierarchy).Distinct(StringComparer.OrdinalIgnoreCase).ToList()));
        foreach (var (node, service, hierarchies) in pairs)
        {
            try
            {
                changed += await startModes.EnsureStartModeAsync(node, service, ServiceStartMode.Manual, key, cancellationToken).ConfigureAwait(false) ? 1 : 0;
            }
            catch (EnvironmentException ex)
            {
                notes.Add($"warning: optional service {service} of {string.Join(", ", hierarchies)} was not set to manual start on {node}: {ex.Message}; apply the definition again once {node} is up");
            }
        }

        if (changed > 0)
        {
            notes.Insert(0, $"set {changed} unprotected optional service(s) to manual start on the hierarchies' nodes (S7)");
        }

        return notes;
    }
}
