using Orchestrator.Engine.Procedures;

namespace Orchestrator.Workflows.Tests.Procedures;

public sealed class ProcedureDiagramTests
{
    /// <summary>Every procedure kind discovery finds, by its folder: a new folder gets its diagram checked without being named here.</summary>
    public static TheoryData<string> Procedures => [.. Discovered.Keys];

    private static readonly IReadOnlyDictionary<string, Type> Discovered =
        WorkflowDiscovery.Scan(typeof(WorkflowDiscovery).Assembly).Procedures.ToDictionary(ProcedureFolders.Of, StringComparer.Ordinal);

    private static IProcedureDefinition Definition(string folder) => (IProcedureDefinition)Activator.CreateInstance(Discovered[folder])!;

    [Theory]
    [MemberData(nameof(Procedures))]
    public void DiagramMd_MatchesTheMachine_AndIsRewrittenWhenStale(string folder)
    {
        var path = Path.Combine(RepositoryRoot.Path, "workflows", "Orchestrator.Workflows", folder, "diagram.md");
        var expected = DiagramDocument.Render(folder, ProcedureMachine.Diagram(Definition(folder)));
        var actual = File.Exists(path) ? File.ReadAllText(path) : "";
        if (actual != expected)
        {
            File.WriteAllText(path, expected);
        }

        Assert.True(actual == expected, $"{path} was stale and has been regenerated from the machine; commit it");
    }

    [Theory]
    [MemberData(nameof(Procedures))]
    public void Diagram_ShowsEveryWorkingState_AndTheOperatorPaths(string folder)
    {
        var definition = Definition(folder);
        var mermaid = ProcedureMachine.Diagram(definition);
        foreach (var state in definition.Phases.Append(ProcedureStates.WaitingForOperator).Append(ProcedureStates.Completed).Append(ProcedureStates.Cancelled))
        {
            Assert.Contains(state, mermaid, StringComparison.Ordinal);
        }

        Assert.Contains(ProcedureTriggers.OperatorRetry, mermaid, StringComparison.Ordinal);
        Assert.Contains(ProcedureTriggers.OperatorApprove, mermaid, StringComparison.Ordinal);
        Assert.Contains(ProcedureTriggers.MaxWaitExceeded, mermaid, StringComparison.Ordinal);
    }
}
