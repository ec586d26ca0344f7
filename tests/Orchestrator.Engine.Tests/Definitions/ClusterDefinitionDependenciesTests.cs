using Orchestrator.Domain.Administration;
using Orchestrator.Engine.Definitions;

namespace Orchestrator.Engine.Tests.Definitions;

/// <summary>S5: a hierarchy's optional explicit 'dependencies', and its errors at file:line:column in the dependency rule's words.</summary>
public class ClusterDefinitionDependenciesTests
{
    private static string Definition(string dependencies) => $"""
        cluster: c
        nodes:
          - name: node1
          - name: node2
        paths:
          - between: [node1, node2]
        hierarchies:
          - name: exch1
            application:
              name: EXCH1
              services:
                - name: MSExchangeIS
            volumes:
              - name: E
                role: database
              - name: F
                role: logs
            ip: 10.0.0.100
            priorities:
              node1: 1
              node2: 10
        {dependencies}
        """;

    private static IReadOnlyList<string> Errors(string dependencies) =>
        [.. ClusterDefinitionParser.Parse(Definition(dependencies)).Errors.Select(e => e.Format("c.yaml"))];

    [Fact]
    public void WithoutDependencies_TheTreeIsImplicit()
    {
        var h = ClusterDefinitionParser.Parse(Definition("")).Definition!.Hierarchies[0];

        Assert.Empty(h.Dependencies);
        Assert.Equal(["E", "F", "10.0.0.100"], ResourceTree.Of(h).ChildrenOf("EXCH1"));
    }

    [Fact]
    public void Dependencies_AreTheWholeTree_NamesAsTheResourcesAreWritten()
    {
        var parsed = ClusterDefinitionParser.Parse(Definition("""
                dependencies:
                  - {parent: exch1, child: e}
                  - {parent: E, child: F}
                  - parent: EXCH1
                    child: 10.0.0.100
            """));

        Assert.Empty(parsed.Errors);
        var h = parsed.Definition!.Hierarchies[0];
        Assert.Equal(["EXCH1>E", "E>F", "EXCH1>10.0.0.100"], h.Dependencies.Select(d => $"{d.Parent}>{d.Child}"));
        Assert.Equal(["E", "10.0.0.100"], ResourceTree.Of(h).ChildrenOf("EXCH1"));
    }

    [Fact]
    public void AnUnknownResource_IsAnError_AtItsItem_InTheRulesWords()
    {
        var errors = Errors("""
                dependencies:
                  - {parent: EXCH1, child: E}
                  - {parent: EXCH1, child: F}
                  - {parent: EXCH1, child: 10.0.0.100}
                  - {parent: E, child: X}
            """);

        var error = Assert.Single(errors);
        Assert.StartsWith("c.yaml:26:9: resource X is not in hierarchy exch1 (its resources: EXCH1, E, F, 10.0.0.100); check the names", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ACycle_IsAnError_AtTheItemThatClosesIt_InTheRulesWords()
    {
        var errors = Errors("""
                dependencies:
                  - {parent: EXCH1, child: E}
                  - {parent: E, child: F}
                  - {parent: F, child: E}
                  - {parent: EXCH1, child: 10.0.0.100}
            """);

        var error = Assert.Single(errors);
        Assert.StartsWith("c.yaml:25:9: F under E would make a cycle in hierarchy exch1 (E -> F -> E)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOrphan_IsAnError_AtTheDependencies()
    {
        var errors = Errors("""
                dependencies:
                  - {parent: EXCH1, child: E}
                  - {parent: EXCH1, child: 10.0.0.100}
            """);

        var error = Assert.Single(errors);
        Assert.StartsWith("c.yaml:23:7: F has no parent, an orphan outside hierarchy exch1; add a dependency on it", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AnItemWithoutChild_AndAnEmptyList_AreErrors()
    {
        Assert.Contains(Errors("""
                dependencies:
                  - {parent: EXCH1}
            """), e => e.StartsWith("c.yaml:23:9: Dependency #1 of hierarchy 'exch1' is missing the required key 'child'.", StringComparison.Ordinal));
        Assert.Contains(Errors("""
                dependencies: []
            """), e => e.StartsWith("c.yaml:22:19: 'dependencies' of hierarchy 'exch1' is empty.", StringComparison.Ordinal));
    }

    [Fact]
    public void TheCommentedExampleOfTwoNodeYaml_ValidatesAndPutsTheLogsVolumeUnderTheDatabaseVolume()
    {
        var lines = DefinitionModelText.Sample("two-node.yaml").Split('\n').ToList();
        var start = lines.IndexOf("    # dependencies:");
        for (var i = start; i < lines.Count && lines[i].StartsWith("    # ", StringComparison.Ordinal) && (i == start || lines[i].StartsWith("    #   - ", StringComparison.Ordinal)); i++)
            lines[i] = "    " + lines[i][6..];

        var parsed = ClusterDefinitionParser.ParseAndValidate(string.Join('\n', lines));

        Assert.Empty(parsed.Errors);
        var tree = ResourceTree.Of(parsed.Definition!.Hierarchies[0]);
        Assert.Equal(5, tree.Dependencies.Count);
        Assert.Equal(["F", "E", "G"], tree.ChildrenFirst(["E", "F", "G"]));
    }
}
