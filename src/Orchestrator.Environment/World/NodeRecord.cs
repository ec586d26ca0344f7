namespace Orchestrator.Environment.World;

/// <summary>Persisted state of one server: up or down, fenced or not, its services and its shares.</summary>
public sealed class NodeRecord
{
    public string Name { get; set; } = "";

    public bool Up { get; set; } = true;

    /// <summary>Powered off by its fence device (implies down); cleared when the node is restored.</summary>
    public bool Fenced { get; set; }

    /// <summary>S27: the state of the mirror that replicates the hierarchy's volumes to this node (None: shared storage).</summary>
    public Orchestrator.Domain.Rules.MirrorState Mirror { get; set; } = Orchestrator.Domain.Rules.MirrorState.None;

    public Dictionary<string, ServiceRecord> Services { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public HashSet<string> Shares { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public NodeRecord Clone()
    {
        var copy = new NodeRecord { Name = Name, Up = Up, Fenced = Fenced, Mirror = Mirror };
        foreach (var (name, service) in Services)
        {
            copy.Services[name] = service.Clone();
        }

        copy.Shares.UnionWith(Shares);
        return copy;
    }
}
