namespace Orchestrator.Environment.Ports;

/// <summary>Observes the whole environment at once (one read), for readers that report on every node and hierarchy.</summary>
public interface IEnvironmentObserver
{
    Task<EnvironmentObservation> ObserveAsync(CancellationToken cancellationToken);
}
