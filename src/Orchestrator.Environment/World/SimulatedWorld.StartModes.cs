using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.World;

public sealed partial class SimulatedWorld
{
    /// <summary>
    /// S7: the service (protected or installed-optional in some hierarchy) starts with <paramref name="mode"/> on the node;
    /// its running state does not change. Counted as "ServiceStartMode:{node}/{service}".
    /// </summary>
    public Task<bool> EnsureStartModeAsync(string node, string service, ServiceStartMode mode, EffectKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        return ExecuteAsync(
            EffectKind.ServiceStartMode,
            node,
            key,
            state => WorldLookup.InstalledService(state, service),
            (_, n, target, _) =>
            {
                var record = n.Services.TryGetValue(target, out var existing) ? existing : n.Services[target] = new ServiceRecord { Name = target };
                if (record.StartMode == mode)
                {
                    return EffectOutcome<bool>.NoOp(false);
                }

                record.StartMode = mode;
                return EffectOutcome<bool>.Applied(true);
            },
            (_, _, _, _) => false,
            cancellationToken);
    }
}
