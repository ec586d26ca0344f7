namespace Orchestrator.Node;

/// <summary>The actions of a resource, as the OCF convention names them (start, stop, monitor, meta-data).</summary>
public enum ResourceVerb
{
    Start,
    Stop,
    Monitor,
    MetaData,
}
