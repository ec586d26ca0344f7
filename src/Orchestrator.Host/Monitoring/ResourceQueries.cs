using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Rules;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Host.Monitoring;

/// <summary>
/// The round's resource questions, one <see cref="NodeResourceQuery"/> per node: every service, volume, moved address and
/// DNS record of the hierarchies checked in full on it. Worked out again only when the definition or the hierarchies
/// checked (and where) changed since the last round; otherwise the last round's queries — the same objects — are asked.
/// </summary>
internal sealed class ResourceQueries
{
    private ClusterDefinition? _cluster;
    private List<(HierarchyDefinition Hierarchy, string On)> _checked = [];
    private IReadOnlyList<NodeResourceQuery> _queries = [];

    public IReadOnlyList<NodeResourceQuery> For(ClusterDefinition cluster, List<(HierarchyDefinition Hierarchy, string On)> checkedHere)
    {
        if (ReferenceEquals(cluster, _cluster) && Same(checkedHere, _checked))
        {
            return _queries;
        }

        _queries = checkedHere
            .GroupBy(c => c.On, StringComparer.OrdinalIgnoreCase)
            .Select(g => new NodeResourceQuery(
                g.Key,
                g.SelectMany(c => c.Hierarchy.Application.Services.Select(s => s.Name)).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
                g.SelectMany(c => c.Hierarchy.Volumes.Select(v => v.Name)).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
                g.Where(c => c.Hierarchy.Address is not null && ClientRedirectionRule.MovesAddress(cluster, c.Hierarchy, c.On))
                    .Select(c => c.Hierarchy.Address!.Address).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
                g.SelectMany(c => c.Hierarchy.Dns.Select(d => new DnsRecordName(d.Type, d.Name))).Distinct().ToList()))
            .ToList();
        _cluster = cluster;
        _checked = checkedHere;
        return _queries;
    }

    private static bool Same(List<(HierarchyDefinition Hierarchy, string On)> a, List<(HierarchyDefinition Hierarchy, string On)> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (!ReferenceEquals(a[i].Hierarchy, b[i].Hierarchy) || !string.Equals(a[i].On, b[i].On, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
