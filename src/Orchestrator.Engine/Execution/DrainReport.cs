namespace Orchestrator.Engine.Execution;

/// <summary>
/// Where a hierarchy's resources are when a cancel or a suspension takes effect: the nodes it is in service on, one line
/// per resource, and the placement to record (the one node it is in service on, else none).
/// </summary>
public sealed record DrainReport(string Hierarchy, IReadOnlyList<string> InServiceOn, IReadOnlyList<string> Resources)
{
    /// <summary>The node the hierarchy is in service on when that is exactly one, else null.</summary>
    public string? PlacedOn => InServiceOn.Count == 1 ? InServiceOn[0] : null;

    /// <summary>"exch1 is in service on node2; volume E: mounted on node2; …".</summary>
    public override string ToString() =>
        $"{Hierarchy} is {(PlacedOn is { } on ? $"in service on {on}" : InServiceOn.Count == 0 ? "in service on no node" : $"in service on {string.Join(" and ", InServiceOn)}")}"
        + (Resources.Count == 0 ? "" : "; " + string.Join("; ", Resources));
}
