namespace Orchestrator.Domain.Cluster;

/// <summary>S20: intelligent = stay on the backup until an operator moves it back; automatic = move back when the better node returns.</summary>
public enum SwitchbackType
{
    Intelligent,
    Automatic,
}
