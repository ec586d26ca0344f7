using Orchestrator.Node;

namespace Orchestrator.Agent.Tests.Kinds;

/// <summary>A test kind (<c>sleeping</c>) that ignores its timeout and cancellation: sleeps three times its timeout, then answers success.</summary>
public sealed class SleepingKind : IResourceKind
{
    public string Kind => "sleeping";

    public async Task<ResourceResult> RunAsync(ResourceSpec resource, ResourceVerb verb, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await Task.Delay(timeout * 3, CancellationToken.None).ConfigureAwait(false);
        return new ResourceResult(OcfExit.Success, "woke up");
    }
}
