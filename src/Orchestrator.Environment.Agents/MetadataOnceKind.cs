using System.Collections.Concurrent;
using Orchestrator.Node;
using Orchestrator.Node.Kinds;

namespace Orchestrator.Environment.Agents;

/// <summary>
/// A kind whose meta-data is asked once per agent (a script's <c>agent</c> parameter, else the kind) for the length of
/// one check: resources that share an agent share its answer, so a file of many resources runs each agent once (an
/// agent not installed is answered per resource: the answer names it, and costs no run). Other verbs are the kind's own.
/// </summary>
internal sealed class MetadataOnceKind(IResourceKind kind) : IResourceKind
{
    private readonly ConcurrentDictionary<string, Lazy<Task<ResourceResult>>> _answers = new(StringComparer.Ordinal);

    public string Kind => kind.Kind;

    public async Task<ResourceResult> RunAsync(ResourceSpec resource, ResourceVerb verb, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (verb != ResourceVerb.MetaData)
        {
            return await kind.RunAsync(resource, verb, timeout, cancellationToken).ConfigureAwait(false);
        }

        var agent = resource.Parameters.GetValueOrDefault(ScriptKind.AgentParameter) ?? "";
        var answer = await _answers.GetOrAdd(agent, _ => new Lazy<Task<ResourceResult>>(() => kind.RunAsync(resource, verb, timeout, cancellationToken))).Value.ConfigureAwait(false);

        // "not installed" names the resource it was asked for, and costs no run: each resource gets its own
        return answer.Exit == OcfExit.NotInstalled ? await kind.RunAsync(resource, verb, timeout, cancellationToken).ConfigureAwait(false) : answer;
    }
}
