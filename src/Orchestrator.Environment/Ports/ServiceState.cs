namespace Orchestrator.Environment.Ports;

/// <summary>The state of a service on a node as the environment reports it.</summary>
public enum ServiceState
{
    Stopped,
    Starting,
    Running,
    Failed,
}
