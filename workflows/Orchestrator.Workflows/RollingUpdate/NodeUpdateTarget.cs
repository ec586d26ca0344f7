using System.Globalization;

namespace Orchestrator.Workflows.RollingUpdate;

/// <summary>The target of a cluster update's node step: the package, the tries per node and the failed nodes the run tolerates.</summary>
public sealed record NodeUpdateTarget(string Package, int Retries, int MaxFailedNodes)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Package} tries={Retries} max-failed={MaxFailedNodes}");

    public static NodeUpdateTarget Parse(string target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var parts = target.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int Value(string key, int fallback) =>
            parts.FirstOrDefault(p => p.StartsWith(key + "=", StringComparison.Ordinal)) is { } part
                && int.TryParse(part[(key.Length + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : fallback;
        return new NodeUpdateTarget(parts[0], Value("tries", 3), Value("max-failed", 1));
    }
}
