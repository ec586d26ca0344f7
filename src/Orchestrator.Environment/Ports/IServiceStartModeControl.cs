namespace Orchestrator.Environment.Ports;

/// <summary>S7: sets a service's start mode on a node ("ensure" semantics: asking twice changes nothing).</summary>
public interface IServiceStartModeControl
{
    /// <summary>True when the start mode was changed; false when it already was <paramref name="mode"/> (or the key was already applied).</summary>
    Task<bool> EnsureStartModeAsync(string node, string service, ServiceStartMode mode, EffectKey key, CancellationToken cancellationToken);
}
