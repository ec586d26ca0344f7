using System.Globalization;
using System.Text;

namespace Orchestrator.Engine.Tests.Support;

/// <summary>
/// A generated cluster of many small hierarchies (one service, one volume each) spread over pairs of nodes: each pair is a
/// primary (odd) and its standby (even), so no node runs one hierarchy and stands by for another (S3).
/// </summary>
public static class ManyHierarchies
{
    public static string Name(int i) => string.Create(CultureInfo.InvariantCulture, $"h{i:D4}");

    /// <summary>Hierarchy i runs on pair i mod (nodes / 2): node 2k+1 its primary, node 2k+2 its backup.</summary>
    public static string Yaml(int hierarchies, int nodes)
    {
        var yaml = new StringBuilder();
        yaml.AppendLine("cluster: many-hierarchies");
        yaml.AppendLine("settings:");
        yaml.AppendLine("  update-replica-list: false");
        yaml.AppendLine("  automatic-failover: false");
        yaml.AppendLine("nodes:");
        for (var n = 1; n <= nodes; n++)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"  - name: node{n}");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    address: 10.0.0.{10 + n}");
        }

        yaml.AppendLine("paths:");
        for (var n = 1; n < nodes; n += 2)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"  - between: [node{n}, node{n + 1}]");
        }

        yaml.AppendLine("hierarchies:");
        for (var i = 0; i < hierarchies; i++)
        {
            var primary = (2 * (i % (nodes / 2))) + 1;
            var backup = primary + 1;
            yaml.AppendLine(CultureInfo.InvariantCulture, $"  - name: {Name(i)}");
            yaml.AppendLine("    application:");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"      name: APP{i:D4}");
            yaml.AppendLine("      services:");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"        - name: Svc{i:D4}");
            yaml.AppendLine("    volumes:");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"      - name: V{i:D4}");
            yaml.AppendLine("        role: database");
            yaml.AppendLine("    priorities:");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"      node{primary}: 1");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"      node{backup}: 10");
        }

        return yaml.ToString();
    }
}
