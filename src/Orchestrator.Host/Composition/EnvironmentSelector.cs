using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Errors;

namespace Orchestrator.Host.Composition;

/// <summary>
/// Issue 14: which environment the definition in force says the cluster runs in ('environment: simulated | agents'),
/// asked at each use of a real-resource port, so a definition applied after start (by another process) is followed. It
/// answers from the definition this process read last (<see cref="CurrentDefinition.Last"/>: the monitor reads it every
/// round, a procedure when it starts), so an effect costs no extra read of the store; only before any read does it read
/// the store itself. With no definition stored yet the answer is simulated.
/// </summary>
public sealed class EnvironmentSelector(CurrentDefinition definitions)
{
    public async ValueTask<ClusterEnvironment> CurrentAsync(CancellationToken cancellationToken)
    {
        if (definitions.Last is { } last)
            return last.Environment;
        try
        {
            return (await definitions.GetAsync(cancellationToken).ConfigureAwait(false)).Definition.Environment;
        }
        catch (BadInputException)
        {
            return ClusterEnvironment.Simulated; // nothing applied yet (or no longer parsing): the simulated world, asked again next time
        }
    }
}
