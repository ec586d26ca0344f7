using Orchestrator.Engine.Definitions;
using Orchestrator.Environment.Agents.Tests.Support;
using Orchestrator.Environment.Ports;
using Orchestrator.Node;
using Orchestrator.Node.Kinds;

namespace Orchestrator.Environment.Agents.Tests;

/// <summary>
/// Issue 14, the two halves joined: what the orchestrator asks an agent to run for each real resource of a cluster file
/// (<see cref="AgentResources"/>) is what the node's kinds take — checked against each kind's own meta-data (a script's:
/// its agent's, run for real), so a parameter one side names differently from the other fails here, not in the lab.
/// </summary>
public sealed class AgentResourcesMatchTheKindsTests
{
    private static readonly NodeResourceKinds Kinds = NodeResourceKinds.Create(new NodeKindOptions { NodeName = "node1" });

    private static async Task AssertValidAsync(ResourceSpec spec)
    {
        var problems = await Kinds.ValidateAsync(spec, TimeSpan.FromSeconds(20), CancellationToken.None);
        Assert.True(problems.Count == 0, $"{spec.Kind} {spec.Name} ({string.Join(", ", spec.Parameters.Select(p => $"{p.Key}={p.Value}"))}): {string.Join("; ", problems)}");
    }

    [Fact]
    public async Task EveryRealResourceOfTheLabSample_IsWhatItsKindTakes()
    {
        var cluster = ClusterDefinitionParser.ParseAndValidate(LabAgentsSample.Text).Definition!;
        var exch1 = cluster.FindHierarchy("exch1")!;
        var node2 = cluster.FindNode("node2")!;

        await AssertValidAsync(AgentResources.Address(cluster, exch1.Address!.Address));
        await AssertValidAsync(AgentResources.Volume(cluster, exch1.Volumes[0].Name));
        await AssertValidAsync(AgentResources.Service(cluster, "node2", exch1.Application.Services[0].Name));
        await AssertValidAsync(AgentResources.Dns(cluster, new DnsRecordName(exch1.Dns[0].Type, exch1.Dns[0].Name), node2));
        await AssertValidAsync(AgentEnvironment.ReachProbe(exch1.Address!.Address)); // the address seen from another node
    }

    [SkippableFact]
    public async Task AScriptResource_IsRunWithItsAgent_AndItsParams_AsTheAgentDeclaresThem()
    {
        Skip.IfNot(File.Exists("/usr/lib/ocf/resource.d/heartbeat/IPaddr2"), "ClusterLabs' resource-agents are not installed (apt-get install resource-agents)");
        var yaml = LabAgentsSample.With("      interface: lab0", "      script: ocf:heartbeat:IPaddr2\n      params: {ip: 198.18.7.100, cidr_netmask: 24, nic: lab0}");
        var cluster = ClusterDefinitionParser.ParseAndValidate(yaml).Definition!;

        var spec = AgentResources.Address(cluster, "198.18.7.100");

        Assert.Equal("ocf:heartbeat:IPaddr2", spec.Parameters[ScriptKind.AgentParameter]);
        await AssertValidAsync(spec);
    }
}
