using Orchestrator.Engine.Commands.ApplyCluster;
using Orchestrator.Engine.Errors;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Queries.GetStatus;
using Orchestrator.Engine.Queries.ListProcedures;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;
using Orchestrator.Host.Monitoring;
using Orchestrator.Workflows;

namespace Orchestrator.Engine.Tests.Scenarios;

/// <summary>Shapes and inputs of the reference declared in the cluster file: S3, S7, S21 and S23, through the real engine.</summary>
public sealed class ShapesScenarioTests
{
    private static string TwoNode(Func<string, string> change) => change(Samples.Read("two-node").ReplaceLineEndings("\n"));

    private static string WithRouting(string yaml) => yaml
        .Replace("  - name: node1\n    address: 10.0.0.11\n", "  - name: node1\n    address: 10.0.0.11\n    routing-group: RG-East\n", StringComparison.Ordinal)
        .Replace("  - name: node2\n    address: 10.0.0.12\n", "  - name: node2\n    address: 10.0.0.12\n    routing-group: RG-West\n", StringComparison.Ordinal)
        .Replace("hierarchies:\n", "public-folder-owners: [node1, node2]\nhierarchies:\n", StringComparison.Ordinal);

    private static string WithNode2InAnotherSubnet(string yaml) => yaml
        .Replace("    address: 10.0.0.11\n", "    address: 10.0.0.11/24\n", StringComparison.Ordinal)
        .Replace("    address: 10.0.0.12\n", "    address: 10.0.1.12/24\n", StringComparison.Ordinal);

    [Fact]
    public async Task RoutingGroupsDeclaredInTheFile_AreSwappedByAFailover_ReversedByTheFailback_AndShownByStatus()
    {
        var yaml = TwoNode(WithRouting);
        Assert.Contains("routing-group: RG-West", yaml, StringComparison.Ordinal);
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: yaml);
        var status = await o.Mediator.Send(new GetStatusQuery());
        Assert.Equal(["node1", "node2"], status.PublicFolderOwners);
        Assert.Equal(["RG-East", "RG-West"], status.Hierarchies[0].Nodes.Select(n => n.RoutingGroup));

        await o.World.FailNodeAsync("node1");
        var failover = await o.FailoverAsync("node1 failed");
        var view = await o.SettledAsync(failover.Started!.Id);

        Assert.Equal(ProcedureStates.Completed, view.State);
        var world = await o.World.SnapshotAsync(CancellationToken.None);
        Assert.Equal(("RG-West", "RG-East"), (world.RoutingGroups!["node1"], world.RoutingGroups["node2"]));
        Assert.Equal(["RG-West", "RG-East"], (await o.Mediator.Send(new GetStatusQuery())).Hierarchies[0].Nodes.Select(n => n.RoutingGroup));

        await o.World.RestoreNodeAsync("node1");
        var failback = await o.FailbackAsync();
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(failback.Id)).State);
        world = await o.World.SnapshotAsync(CancellationToken.None);
        Assert.Equal(("RG-East", "RG-West"), (world.RoutingGroups!["node1"], world.RoutingGroups["node2"]));
        Assert.Equal(4, world.AppliedCount(EffectKind.RoutingGroupChange));
    }

    [Fact]
    public async Task ReApplyingTheFile_DoesNotUndoASwapMadeByAFailover()
    {
        var yaml = TwoNode(WithRouting);
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: yaml);
        await o.World.FailNodeAsync("node1");
        var failover = await o.FailoverAsync("node1 failed");
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(failover.Started!.Id)).State);

        await o.Mediator.Send(new ApplyClusterCommand(Path.Combine(o.Directory, "cluster.yaml"), "tester"));

        var world = await o.World.SnapshotAsync(CancellationToken.None);
        Assert.Equal(("RG-West", "RG-East"), (world.RoutingGroups!["node1"], world.RoutingGroups["node2"]));
    }

    [Fact]
    public async Task ASwitchoverToANodeInAnotherSubnet_RedirectsByDns_LeavesTheIp_AndTheMonitorDoesNotPullTheIpAfterIt()
    {
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: TwoNode(WithNode2InAnotherSubnet));

        var there = await o.SwitchoverAsync("node2");
        var view = await o.SettledAsync(there.Id);

        Assert.Equal(ProcedureStates.Completed, view.State);
        Assert.DoesNotContain(view.Steps, s => s.Action == "address.acquire");
        Assert.Contains(view.Steps, s => s.Action == "address.release" && s.Node == "node1");
        var world = await o.World.SnapshotAsync(CancellationToken.None);
        Assert.Null(Assert.Single(world.Addresses).Owner);
        Assert.All(world.DnsRecords, r => Assert.Equal("node2", r.Target));
        Assert.Equal(["node2"], world.InServiceNodes("exch1"));

        var monitor = o.Get<HealthMonitor>();
        for (var i = 0; i < 4; i++)
        {
            await monitor.CheckOnceAsync(CancellationToken.None);
        }

        Assert.Single(await o.Mediator.Send(new ListProceduresQuery("exch1")));
        world = await o.World.SnapshotAsync(CancellationToken.None);
        Assert.Equal(0, world.AppliedCount(EffectKind.AddressAcquire, "node2", "10.0.0.100"));

        var back = await o.SwitchoverAsync("node1");
        var backView = await o.SettledAsync(back.Id);
        Assert.Equal(ProcedureStates.Completed, backView.State);
        Assert.DoesNotContain(backView.Steps, s => s.Action == "address.release");
        Assert.Equal("node1", Assert.Single((await o.World.SnapshotAsync(CancellationToken.None)).Addresses).Owner);
    }

    [Fact]
    public async Task AFailoverToANodeInAnotherSubnet_PointsDnsAtIt_AndNeverMovesTheIpThere()
    {
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: TwoNode(WithNode2InAnotherSubnet));
        await o.World.FailNodeAsync("node1");

        var failover = await o.FailoverAsync("node1 failed");
        var view = await o.SettledAsync(failover.Started!.Id);

        Assert.Equal(ProcedureStates.Completed, view.State);
        Assert.DoesNotContain(view.Steps, s => s.Action == "address.acquire");
        var world = await o.World.SnapshotAsync(CancellationToken.None);
        Assert.NotEqual("node2", Assert.Single(world.Addresses).Owner);
        Assert.All(world.DnsRecords, r => Assert.Equal("node2", r.Target));
        Assert.Equal(["node2"], world.InServiceNodes("exch1"));
    }

    [Fact]
    public async Task ApplyingTheFile_SetsTheUnprotectedOptionalServicesToManualStartOnEveryNode_Once()
    {
        await using var o = await TestOrchestrator.StartAsync();

        var world = await o.World.SnapshotAsync(CancellationToken.None);
        foreach (var node in new[] { "node1", "node2" })
        {
            var services = world.Node(node).Services.ToDictionary(s => s.Name, s => s.StartMode);
            foreach (var optional in new[] { "IMAP4Svc", "POP3Svc", "MSExchangeMTA", "MSSEARCH" })
            {
                Assert.Equal(ServiceStartMode.Manual, services[optional]);
            }

            Assert.Equal(ServiceStartMode.Automatic, services["MSExchangeIS"]); // protected: left to the orchestrator
        }

        Assert.Equal(8, world.AppliedCount(EffectKind.ServiceStartMode));
        Assert.Equal(1, world.AppliedCount(EffectKind.ServiceStartMode, "node2", "POP3Svc"));

        var again = await o.Mediator.Send(new ApplyClusterCommand(Path.Combine(o.Directory, "cluster.yaml"), "tester"));

        Assert.False(again.Changed);
        Assert.Empty(again.Notes);
        Assert.Equal(8, (await o.World.SnapshotAsync(CancellationToken.None)).AppliedCount(EffectKind.ServiceStartMode));
    }

    [Fact]
    public async Task OnlyTheDeclaredOptionalServicesThatAreNotProtected_AreSetToManualStart()
    {
        var yaml = TwoNode(y => y.Replace("        - name: W3SVC\n", "        - name: W3SVC\n        - name: IMAP4Svc\n      optional-services: [IMAP4Svc, MSExchangeMTA]\n", StringComparison.Ordinal));
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: yaml);

        var world = await o.World.SnapshotAsync(CancellationToken.None);

        Assert.Equal(2, world.AppliedCount(EffectKind.ServiceStartMode));
        Assert.Equal(ServiceStartMode.Manual, world.Node("node2").Services.Single(s => s.Name == "MSExchangeMTA").StartMode);
        Assert.DoesNotContain(world.Node("node1").Services, s => s.Name == "POP3Svc");
        Assert.Equal(ServiceStartMode.Automatic, world.Node("node1").Services.Single(s => s.Name == "IMAP4Svc").StartMode);
    }

    [Fact]
    public async Task AnActiveActivePair_IsRefusedByApply_NamingBothHierarchies_AndChangesNothing()
    {
        await using var o = await TestOrchestrator.StartAsync();
        var exch1 = Samples.Read("two-node").ReplaceLineEndings("\n");
        var exch2 = exch1[exch1.IndexOf("  - name: exch1\n", StringComparison.Ordinal)..]
            .Replace("exch1", "exch2", StringComparison.Ordinal).Replace("EXCH1", "EXCH2", StringComparison.Ordinal)
            .Replace("name: E\n", "name: H\n", StringComparison.Ordinal).Replace("name: F\n", "name: I\n", StringComparison.Ordinal)
            .Replace("name: G\n", "name: J\n", StringComparison.Ordinal).Replace("10.0.0.100", "10.0.0.101", StringComparison.Ordinal)
            .Replace("mail.example.com", "mail2.example.com", StringComparison.Ordinal)
            .Replace("node1: 1\n      node2: 10", "node2: 1\n      node1: 10", StringComparison.Ordinal);
        var file = Path.Combine(o.Directory, "active-active.yaml");
        await File.WriteAllTextAsync(file, exch1 + exch2);

        var refused = await Assert.ThrowsAsync<DefinitionInvalidException>(() => o.Mediator.Send(new ApplyClusterCommand(file, "tester")).AsTask());

        var error = Assert.Single(refused.Errors);
        Assert.Contains("'exch1' and 'exch2' form an active/active pair", error, StringComparison.Ordinal);
        Assert.Matches(@"active-active\.yaml:\d+:\d+: ", error);
        Assert.Equal(["exch1"], (await o.World.SnapshotAsync(CancellationToken.None)).Hierarchies.Select(h => h.Name));
        Assert.Equal(1, (await o.Mediator.Send(new GetStatusQuery())).DefinitionVersion);
    }
}
