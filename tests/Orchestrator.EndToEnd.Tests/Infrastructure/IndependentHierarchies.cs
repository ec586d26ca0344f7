using System.Globalization;
using System.Text;

namespace Orchestrator.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A two-node cluster of small hierarchies that share nothing (one service and one volume each, no address): moving one
/// never touches another's resources, so each hierarchy's effects can be counted on their own. All are primary on
/// node1 (priority 1) with node2 as their backup; automatic failover is off, so only the commands of a test move them.
/// </summary>
public static class IndependentHierarchies
{
    public static string Name(int i) => string.Create(CultureInfo.InvariantCulture, $"h{i:D2}");

    /// <summary>Writes the definition of <paramref name="count"/> hierarchies next to <paramref name="dir"/>; returns its path.</summary>
    public static string Write(TempDataDir dir, int count)
    {
        ArgumentNullException.ThrowIfNull(dir);
        var yaml = new StringBuilder();
        yaml.AppendLine("cluster: independent-hierarchies");
        yaml.AppendLine("settings:");
        yaml.AppendLine("  update-replica-list: false");
        yaml.AppendLine("  automatic-failover: false");
        yaml.AppendLine("nodes:");
        yaml.AppendLine("  - name: node1");
        yaml.AppendLine("    address: 10.0.0.11");
        yaml.AppendLine("  - name: node2");
        yaml.AppendLine("    address: 10.0.0.12");
        yaml.AppendLine("paths:");
        yaml.AppendLine("  - between: [node1, node2]");
        yaml.AppendLine("hierarchies:");
        for (var i = 0; i < count; i++)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"  - name: {Name(i)}");
            yaml.AppendLine("    application:");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"      name: APP{i:D2}");
            yaml.AppendLine("      services:");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"        - name: Svc{i:D2}");
            yaml.AppendLine("    volumes:");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"      - name: V{i:D2}");
            yaml.AppendLine("        role: database");
            yaml.AppendLine("    priorities:");
            yaml.AppendLine("      node1: 1");
            yaml.AppendLine("      node2: 10");
        }

        var path = dir.Sibling("independent-hierarchies.yaml");
        File.WriteAllText(path, yaml.ToString());
        return path;
    }
}
