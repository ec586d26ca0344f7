using Orchestrator.Engine.Errors;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Tests.Execution;

public sealed class SwitchoverRequestTests
{
    [Theory]
    [InlineData("nope", "node2", "unknown hierarchy 'nope'")]
    [InlineData("exch1", "node9", "unknown node 'node9'")]
    [InlineData("exch1", "node1", "already in service on node1")]
    public async Task ABadRequest_IsRefused_NamingTheObject(string hierarchy, string target, string expected)
    {
        await using var o = await TestOrchestrator.StartAsync(runsJobs: false);
        var error = await Assert.ThrowsAsync<BadInputException>(() => o.SwitchoverAsync(target, hierarchy));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Empty(await o.Store.ListAsync(null, 10, CancellationToken.None));
    }

    [Fact]
    public async Task ATargetThatIsDown_IsRefused_WithTheFix()
    {
        await using var o = await TestOrchestrator.StartAsync(runsJobs: false);
        await o.World.FailNodeAsync("node2");
        var error = await Assert.ThrowsAsync<BadInputException>(() => o.SwitchoverAsync("node2"));
        Assert.Contains("node node2 is down", error.Message, StringComparison.Ordinal);
        Assert.Contains("restore-node node2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATargetOutsideTheHierarchy_IsRefused()
    {
        var yaml = Workflows.Samples.Read("cascading-3");
        await using var o = await TestOrchestrator.StartAsync(runsJobs: false, definitionYaml: yaml.Replace("      node3: 20\n", "", StringComparison.Ordinal));
        var hierarchy = (await o.Get<Orchestrator.Engine.Definitions.CurrentDefinition>().GetAsync(CancellationToken.None)).Definition.Hierarchies[0].Name;
        var error = await Assert.ThrowsAsync<BadInputException>(() => o.SwitchoverAsync("node3", hierarchy));
        Assert.Contains($"node node3 is not in hierarchy {hierarchy}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASecondRequest_WhileOneIsActive_IsAConflictNamingTheFirst()
    {
        await using var o = await TestOrchestrator.StartAsync(runsJobs: false);
        var first = await o.SwitchoverAsync("node2");
        var conflict = await Assert.ThrowsAsync<ActiveProcedureConflictException>(() => o.SwitchoverAsync("node2"));
        Assert.Equal(first.Id, conflict.ActiveId);
        Assert.Contains("switchover", conflict.Message, StringComparison.Ordinal);
    }
}
