using Orchestrator.Domain.Cluster;
using Orchestrator.Environment.Ports;
using Orchestrator.Node;

namespace Orchestrator.Environment.Agents;

/// <summary>
/// The switchable address judged from outside (issue 14 point 3): the owner's monitor says it holds the address, and
/// another node's agent says the address answers from there (the <c>reach</c> probe). The first other node whose agent
/// answers the probe decides; when none does, the address is unknown (never "down"): its owner may be the last node up.
/// </summary>
public sealed partial class AgentEnvironment
{
    /// <summary>The resource kind of the probe an agent runs for an address seen from its node.</summary>
    public const string ReachKind = "reach";

    /// <summary>
    /// The addresses of <paramref name="names"/> that <paramref name="owner"/>'s monitor says it holds AND that answer from
    /// another node; an address no other node's agent could probe is recorded in <paramref name="unknown"/>.
    /// </summary>
    private async Task<HashSet<string>> AnsweringAddressesAsync(
        ClusterDefinition definition, NodeDefinition owner, IReadOnlyCollection<string> names, Dictionary<string, string> unknown, CancellationToken cancellationToken)
    {
        var held = await RunningAsync(owner, "address", names, a => AgentResources.Address(definition, a), unknown, cancellationToken).ConfigureAwait(false);
        var answering = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var address in held)
        {
            var (answers, why) = await ReachAsync(definition, owner.Name, address, cancellationToken).ConfigureAwait(false);
            if (answers is true)
                answering.Add(address);
            else if (answers is null)
                unknown[NodeResources.KeyOf("address", address)] = why;
        }

        return answering;
    }

    /// <summary>The probe an agent runs for <paramref name="address"/> seen from its node (ICMP: nodes' interface names may differ).</summary>
    internal static ResourceSpec ReachProbe(string address) =>
        new(ReachKind, address, new Dictionary<string, string>(StringComparer.Ordinal) { ["address"] = address });

    /// <summary>
    /// Whether <paramref name="address"/> answers from a node other than <paramref name="owner"/>: the first other node's
    /// agent that runs the probe says yes or no; null (with the reasons) when no other node's agent could.
    /// </summary>
    private async Task<(bool? Answers, string Why)> ReachAsync(ClusterDefinition definition, string owner, string address, CancellationToken cancellationToken)
    {
        var probe = ReachProbe(address);
        var silent = new List<string>();
        foreach (var node in definition.Nodes.Where(n => n.Agent is not null && !string.Equals(n.Name, owner, StringComparison.OrdinalIgnoreCase)))
        {
            try
            {
                switch (await MonitorAsync(node, probe, cancellationToken).ConfigureAwait(false))
                {
                    case OcfExit.Success:
                        return (true, "");
                    case OcfExit.NotRunning:
                        return (false, "");
                    case var exit:
                        silent.Add($"{node.Name} could not probe it (OCF {(int)exit} {exit})");
                        break;
                }
            }
            catch (EnvironmentException e)
            {
                silent.Add($"{node.Name}: {e.Message}");
            }
        }

        var reasons = silent.Count == 0 ? "no other node has an agent" : string.Join("; ", silent);
        return (null, $"address {address} held by {owner} per its agent, but no other node could probe it ({reasons})");
    }
}
