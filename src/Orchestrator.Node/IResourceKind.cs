namespace Orchestrator.Node;

/// <summary>
/// A kind of resource a node's agent acts on (<see cref="ResourceSpec.Kind"/>). Start and stop are idempotent
/// ("ensure": starting a running resource answers success and changes nothing); monitor answers success (running),
/// <see cref="OcfExit.NotRunning"/> (cleanly stopped) or an error; meta-data answers the kind's parameters (OCF XML for a
/// script). An action that does not end within <c>timeout</c> is killed and answered as <see cref="OcfExit.GenericError"/>.
/// </summary>
public interface IResourceKind
{
    /// <summary>The kind's name in cluster files and requests (lower case).</summary>
    string Kind { get; }

    Task<ResourceResult> RunAsync(ResourceSpec resource, ResourceVerb verb, TimeSpan timeout, CancellationToken cancellationToken);
}
