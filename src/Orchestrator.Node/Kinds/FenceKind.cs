using Orchestrator.Node.Commands;
using Orchestrator.Node.Ocf;

namespace Orchestrator.Node.Kinds;

/// <summary>
/// Fencing (<c>fence</c>): parameters <c>script</c> (an executable) and <c>node</c>. Start runs <c>script NODE</c>:
/// exit 0 means the node is fenced (its processes gone, its links down), anything else or a timeout means it is not.
/// The orchestrator runs it before any takeover and audits the answer. Stop undoes nothing; monitor says whether the
/// script is there to run.
/// </summary>
public sealed class FenceKind(NodeKindOptions options) : IResourceKind
{
    internal static readonly OcfMetadata Metadata = new(
        "fence",
        [
            new OcfParameter("script", true, "string", null, "the fencing executable, run as: script NODE"),
            new OcfParameter("node", true, "string", null, "the node to fence"),
        ],
        ["start", "stop", "monitor", "meta-data"]);

    private readonly CommandRunner _runner = new(options.CommandPrefix);

    public string Kind => "fence";

    public async Task<ResourceResult> RunAsync(ResourceSpec resource, ResourceVerb verb, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (verb == ResourceVerb.MetaData)
        {
            return new ResourceResult(OcfExit.Success, Metadata.ToXml());
        }

        if (resource.Optional("script") is not { } script)
        {
            return resource.Missing("script");
        }

        if (resource.Optional("node") is not { } node)
        {
            return resource.Missing("node");
        }

        if (CommandRunner.Find(script) is null)
        {
            return new ResourceResult(OcfExit.NotInstalled, $"fence {resource.Name}: script {script} not found");
        }

        switch (verb)
        {
            case ResourceVerb.Monitor:
                return new ResourceResult(OcfExit.Success, $"fence {resource.Name}: {script} is there");
            case ResourceVerb.Stop:
                return new ResourceResult(OcfExit.Success, $"fence {resource.Name}: nothing to undo");
            case ResourceVerb.Start:
                var fenced = await _runner.RunAsync(new ExternalCommand(script, [node]), timeout, cancellationToken).ConfigureAwait(false);
                return fenced.Succeeded
                    ? new ResourceResult(OcfExit.Success, $"node {node} fenced by {script}")
                    : new ResourceResult(OcfExit.GenericError, $"node {node} NOT fenced: {script} {fenced.Describe()}");
            default:
                return resource.Unimplemented(verb);
        }
    }
}
