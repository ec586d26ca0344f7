using Orchestrator.Domain.Rules;

namespace Orchestrator.Environment.Ports;

/// <summary>S27: the state of the replicated-volume mirror to a node (None on shared storage).</summary>
public interface IMirrorProbe
{
    Task<MirrorState> GetMirrorStateAsync(string node, CancellationToken cancellationToken);
}
