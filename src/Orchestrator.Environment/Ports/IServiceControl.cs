namespace Orchestrator.Environment.Ports;

/// <summary>Starts and stops Windows-style services on a node ("ensure" semantics: asking twice changes nothing).</summary>
public interface IServiceControl
{
    /// <summary>Asks the service to run; returns <see cref="ServiceState.Starting"/> while it has not reached running yet.</summary>
    Task<ServiceState> EnsureStartedAsync(string node, string service, EffectKey key, CancellationToken cancellationToken);

    Task EnsureStoppedAsync(string node, string service, EffectKey key, CancellationToken cancellationToken);

    Task<ServiceState> GetStateAsync(string node, string service, CancellationToken cancellationToken);
}
