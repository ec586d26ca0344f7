namespace Orchestrator.Environment.World;

/// <summary>The safety invariants the world checks after every applied effect.</summary>
public enum WorldInvariant
{
    /// <summary>S3: a hierarchy is in service (or being started) on at most one node.</summary>
    SingleActiveNode,

    /// <summary>A failed node is fenced before another node takes its resources over or starts any service of them.</summary>
    FenceBeforeTakeover,

    /// <summary>S27: a hierarchy is brought in service on a node only while the mirror to that node is mirroring.</summary>
    MoveWithoutMirroring,
}
