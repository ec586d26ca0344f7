namespace Orchestrator.Environment.Ports;

/// <summary>S7: how a service starts when its node boots: by itself (automatic), only when asked (manual), or never.</summary>
public enum ServiceStartMode
{
    Automatic,
    Manual,
    Disabled,
}
