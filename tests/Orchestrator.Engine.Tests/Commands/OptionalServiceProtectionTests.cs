using Orchestrator.Engine.Commands.ApplyCluster;
using Orchestrator.Engine.Definitions;
using Orchestrator.Environment.Ports;
using Orchestrator.Workflows;

namespace Orchestrator.Engine.Tests.Commands;

/// <summary>S7 at scale: hierarchies that share nodes ask for each node's optional service once, not once per hierarchy.</summary>
public sealed class OptionalServiceProtectionTests
{
    private sealed class CountingStartModes : IServiceStartModeControl
    {
        public List<(string Node, string Service)> Calls { get; } = [];

        public Task<bool> EnsureStartModeAsync(string node, string service, ServiceStartMode mode, EffectKey key, CancellationToken cancellationToken)
        {
            Calls.Add((node, service));
            return Task.FromResult(true);
        }
    }

    [Fact]
    public async Task TwoHierarchiesOnTheSameNodes_SetEachNodesOptionalServiceToManualStartOnce()
    {
        var one = Samples.Read("two-node");
        var hierarchies = one[one.IndexOf("hierarchies:", StringComparison.Ordinal)..];
        var second = hierarchies["hierarchies:\n".Length..]
            .Replace("name: exch1", "name: exch2", StringComparison.Ordinal)
            .Replace("name: EXCH1", "name: EXCH2", StringComparison.Ordinal)
            .Replace("name: E\n", "name: H\n", StringComparison.Ordinal)
            .Replace("name: F\n", "name: I\n", StringComparison.Ordinal)
            .Replace("name: G\n", "name: J\n", StringComparison.Ordinal)
            .Replace("ip: 10.0.0.100", "ip: 10.0.0.101", StringComparison.Ordinal)
            .Replace("mail.example.com", "mail2.example.com", StringComparison.Ordinal);
        var parsed = ClusterDefinitionParser.Parse(one.TrimEnd() + "\n" + second);
        var definition = Assert.IsType<Domain.Cluster.ClusterDefinition>(parsed.Definition);
        Assert.Equal(2, definition.Hierarchies.Count);
        var startModes = new CountingStartModes();

        var notes = await new OptionalServiceProtection(startModes).SetManualStartAsync(definition, 1, CancellationToken.None);

        Assert.Equal(8, startModes.Calls.Count); // 2 nodes × 4 optional services, not × 2 hierarchies
        Assert.Equal(8, startModes.Calls.Distinct().Count());
        Assert.Contains("set 8 unprotected optional service(s) to manual start", Assert.Single(notes), StringComparison.Ordinal);
    }
}
