using System.Globalization;
using Orchestrator.Node;

namespace Orchestrator.Agent.Tests.Kinds;

/// <summary>
/// A test kind (<c>counting</c>) for the agent as a child process: a start or stop writes DIR/NAME.begun, waits
/// <c>delayMs</c>, then appends one line per application to DIR/NAME.applications (not idempotent on purpose: it shows
/// every time the agent ran it). DIR is the <c>dir</c> parameter.
/// </summary>
public sealed class CountingKind : IResourceKind
{
    public string Kind => "counting";

    public async Task<ResourceResult> RunAsync(ResourceSpec resource, ResourceVerb verb, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (verb is not (ResourceVerb.Start or ResourceVerb.Stop))
        {
            return new ResourceResult(OcfExit.Success, "ok");
        }

        var dir = resource.Parameters["dir"];
        await File.AppendAllTextAsync(Path.Combine(dir, resource.Name + ".begun"), $"{verb}\n", cancellationToken).ConfigureAwait(false);
        if (resource.Parameters.TryGetValue("delayMs", out var delay))
        {
            await Task.Delay(int.Parse(delay, CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
        }

        await File.AppendAllTextAsync(Path.Combine(dir, resource.Name + ".applications"), $"{verb}\n", cancellationToken).ConfigureAwait(false);
        return new ResourceResult(OcfExit.Success, $"{verb} {resource.Name}");
    }
}
