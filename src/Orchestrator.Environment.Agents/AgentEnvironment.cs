using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Rules;
using Orchestrator.Environment.Ports;
using Orchestrator.Node;
using Orchestrator.Node.Agent;

namespace Orchestrator.Environment.Agents;

/// <summary>
/// The ports the engine uses for real resources, over the nodes' agents (issue 14): every start and stop carries the
/// step's effect key and its claim's fencing token. A replayed answer is success (the agent applied that key before); a
/// stale one refuses the step as fenced (<see cref="StaleClaimException"/>); a failed one is transient unless the OCF code
/// says the resource is misconfigured or not installed (2, 5, 6); no answer is transient. A probe that gets no answer is
/// unknown (it throws, and the caller records it as unknown), never "down" or "stopped".
/// </summary>
public sealed partial class AgentEnvironment(IAgentClusterSource cluster, AgentClient client, AgentOptions options)
    : IAddressControl, IVolumeControl, IServiceControl, IDnsControl, INodeFence
{
    public async Task EnsureOwnedAsync(string node, string address, EffectKey key, CancellationToken cancellationToken)
    {
        var (definition, target) = await NodeAsync(node, cancellationToken).ConfigureAwait(false);
        await ApplyAsync(target, AgentResources.Address(definition, address), ResourceVerb.Start, key, cancellationToken).ConfigureAwait(false);
    }

    public async Task EnsureReleasedAsync(string node, string address, EffectKey key, CancellationToken cancellationToken)
    {
        var (definition, target) = await NodeAsync(node, cancellationToken).ConfigureAwait(false);
        await ApplyAsync(target, AgentResources.Address(definition, address), ResourceVerb.Stop, key, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// When a peer of the volume's hierarchy is fenced and still down (<see cref="IsFencedAsync"/>: a failover), the start
    /// takes the volume over from the dead holder (<c>force=true</c>: a lock-file volume's lock is still the dead node's);
    /// otherwise an ordinary start.
    /// </summary>
    public async Task EnsureMountedAsync(string node, string volume, EffectKey key, CancellationToken cancellationToken)
    {
        var (definition, target) = await NodeAsync(node, cancellationToken).ConfigureAwait(false);
        var spec = AgentResources.Volume(definition, volume);
        var peers = definition.Hierarchies.Where(h => h.Volumes.Any(v => string.Equals(v.Name, volume, StringComparison.OrdinalIgnoreCase)))
            .SelectMany(h => h.Priorities.Select(p => p.Node)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var fenced = new List<string>();
        foreach (var peer in peers.Where(p => !string.Equals(p, node, StringComparison.OrdinalIgnoreCase)))
        {
            if (await IsFencedAsync(peer, cancellationToken).ConfigureAwait(false))
            {
                fenced.Add(peer);
            }
        }

        if (VolumeTakeoverRule.MayTakeOver(node, peers, fenced))
        {
            spec = spec with { Parameters = new Dictionary<string, string>(spec.Parameters, StringComparer.Ordinal) { [ForceParameter] = "true" } };
        }

        await ApplyAsync(target, spec, ResourceVerb.Start, key, cancellationToken).ConfigureAwait(false);
    }

    public async Task EnsureUnmountedAsync(string node, string volume, EffectKey key, CancellationToken cancellationToken)
    {
        var (definition, target) = await NodeAsync(node, cancellationToken).ConfigureAwait(false);
        await ApplyAsync(target, AgentResources.Volume(definition, volume), ResourceVerb.Stop, key, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The agent's start returns once the service runs (or fails); the engine's MAXWAIT bounds the step as today.</summary>
    public async Task<ServiceState> EnsureStartedAsync(string node, string service, EffectKey key, CancellationToken cancellationToken)
    {
        var (definition, target) = await NodeAsync(node, cancellationToken).ConfigureAwait(false);
        await ApplyAsync(target, AgentResources.Service(definition, node, service), ResourceVerb.Start, key, cancellationToken).ConfigureAwait(false);
        return ServiceState.Running;
    }

    public async Task EnsureStoppedAsync(string node, string service, EffectKey key, CancellationToken cancellationToken)
    {
        var (definition, target) = await NodeAsync(node, cancellationToken).ConfigureAwait(false);
        await ApplyAsync(target, AgentResources.Service(definition, node, service), ResourceVerb.Stop, key, cancellationToken).ConfigureAwait(false);
    }

    public async Task EnsureRecordAsync(string type, string name, string node, EffectKey key, CancellationToken cancellationToken)
    {
        var (definition, target) = await NodeAsync(node, cancellationToken).ConfigureAwait(false);
        await ApplyAsync(target, AgentResources.Dns(definition, new DnsRecordName(type, name), target), ResourceVerb.Start, key, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The volume kind's parameter that takes another node's lock over (only after fencing it).</summary>
    private const string ForceParameter = "force";

    private async Task<(ClusterDefinition Definition, NodeDefinition Node)> NodeAsync(string node, CancellationToken cancellationToken)
    {
        var definition = await cluster.GetAsync(cancellationToken).ConfigureAwait(false);
        return (definition, definition.FindNode(node) ?? throw new EnvironmentException($"node {node} is not in the cluster definition", transient: false));
    }

    private async Task ApplyAsync(NodeDefinition node, ResourceSpec resource, ResourceVerb verb, EffectKey key, CancellationToken cancellationToken)
    {
        var request = new AgentActionRequest(key.ToString(), key.FencingToken, resource, verb, Seconds(options.ActionTimeout));
        var answer = await client.ActAsync(node, request, cancellationToken).ConfigureAwait(false);
        var what = $"{verb.ToString().ToLowerInvariant()} {resource.Kind} {resource.Name} on {node.Name} (effect {key})";
        switch (answer.Outcome)
        {
            case AgentOutcome.Applied when answer.Exit == OcfExit.Success:
            case AgentOutcome.Replayed:
                return;
            case AgentOutcome.Stale:
                throw new StaleClaimException($"{what} refused by the agent: fencing token {key.FencingToken} is stale ({answer.Message})");
            default:
                throw new EnvironmentException($"{what} failed: OCF {(int)answer.Exit} {answer.Exit}: {answer.Message}", Transient(answer.Exit));
        }
    }

    /// <summary>OCF 2 (invalid argument), 5 (not installed) and 6 (not configured) need the operator: retrying cannot help.</summary>
    internal static bool Transient(OcfExit exit) => exit is not (OcfExit.InvalidArgument or OcfExit.NotInstalled or OcfExit.NotConfigured);

    private static int Seconds(TimeSpan timeout) => (int)Math.Max(1, Math.Ceiling(timeout.TotalSeconds));
}
