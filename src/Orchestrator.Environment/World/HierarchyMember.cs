namespace Orchestrator.Environment.World;

/// <summary>What a hierarchy is indexed by, so an effect finds the hierarchies of its target without reading them all.</summary>
public enum HierarchyMember
{
    Volume,
    Service,
    OptionalService,
    Share,
    Address,
    Node,
}
