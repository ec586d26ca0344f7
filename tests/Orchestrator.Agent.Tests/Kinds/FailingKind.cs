using Orchestrator.Node;

namespace Orchestrator.Agent.Tests.Kinds;

/// <summary>A test kind (<c>failing</c>) whose every action answers a generic error.</summary>
public sealed class FailingKind : IResourceKind
{
    public string Kind => "failing";

    public Task<ResourceResult> RunAsync(ResourceSpec resource, ResourceVerb verb, TimeSpan timeout, CancellationToken cancellationToken) =>
        Task.FromResult(new ResourceResult(OcfExit.GenericError, "the disk is on fire"));
}
