using Orchestrator.Node.Ocf;

namespace Orchestrator.Node.Kinds;

/// <summary>
/// The resource kinds of a node, by name (<see cref="IResourceKind.Kind"/>): what an agent looks a request's kind up
/// in. <see cref="Create"/> gives the built-in seven (ip, volume, service, dns, script, fence, and the probe reach).
/// </summary>
public sealed class NodeResourceKinds
{
    private readonly Dictionary<string, IResourceKind> _kinds;

    public NodeResourceKinds(IEnumerable<IResourceKind> kinds)
    {
        _kinds = kinds.ToDictionary(k => k.Kind, StringComparer.Ordinal);
    }

    /// <summary>The kinds' names, sorted.</summary>
    public IReadOnlyList<string> Names => [.. _kinds.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The built-in kinds, configured by <paramref name="options"/>.</summary>
    public static NodeResourceKinds Create(NodeKindOptions options) =>
        new([new IpKind(options), new VolumeKind(options), new ServiceKind(options), new DnsKind(options), new ScriptKind(options), new FenceKind(options), new ReachKind(options)]);

    /// <summary>Every kind, sorted by name.</summary>
    public IReadOnlyList<IResourceKind> All => [.. _kinds.Values.OrderBy(k => k.Kind, StringComparer.Ordinal)];

    /// <summary>The kind named <paramref name="kind"/>, or null.</summary>
    public IResourceKind? Find(string kind) => _kinds.GetValueOrDefault(kind);

    /// <summary>Runs <paramref name="verb"/> of <paramref name="resource"/> with its kind; an unknown kind answers NotInstalled.</summary>
    public Task<ResourceResult> RunAsync(ResourceSpec resource, ResourceVerb verb, TimeSpan timeout, CancellationToken cancellationToken) =>
        Find(resource.Kind) is { } kind
            ? kind.RunAsync(resource, verb, timeout, cancellationToken)
            : Task.FromResult(new ResourceResult(OcfExit.NotInstalled, $"no resource kind '{resource.Kind}' on this node (kinds: {string.Join(", ", Names)})"));

    /// <summary>
    /// Checks <paramref name="resource"/>'s parameters against its kind's meta-data (a script's: its agent's own, read by
    /// running it with meta-data): the problems, each naming the parameter and the agent; empty when none.
    /// </summary>
    public async Task<IReadOnlyList<OcfParameterProblem>> ValidateAsync(ResourceSpec resource, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var agent = resource.Kind == "script" ? resource.Parameters.GetValueOrDefault(ScriptKind.AgentParameter) ?? "script" : resource.Kind;
        var answer = await RunAsync(resource, ResourceVerb.MetaData, timeout, cancellationToken).ConfigureAwait(false);
        if (!answer.Succeeded)
        {
            return [new OcfParameterProblem(agent, resource.Kind == "script" ? ScriptKind.AgentParameter : "", OcfProblemKind.NoMetadata, answer.Message)];
        }

        OcfMetadata metadata;
        try
        {
            metadata = OcfMetadata.Parse(answer.Message);
        }
        catch (FormatException e)
        {
            return [new OcfParameterProblem(agent, "", OcfProblemKind.NoMetadata, $"{agent}'s meta-data: {e.Message}")];
        }

        var given = resource.Kind == "script"
            ? resource.Parameters.Where(p => p.Key != ScriptKind.AgentParameter).ToDictionary()
            : resource.Parameters;
        return OcfParameterValidator.Validate(metadata with { Agent = agent }, given);
    }
}
