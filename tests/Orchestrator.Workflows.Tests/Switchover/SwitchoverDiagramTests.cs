using Orchestrator.Engine.Procedures;
using Orchestrator.Workflows.Switchover;

namespace Orchestrator.Workflows.Tests.Switchover;

public sealed class SwitchoverDiagramTests
{
    [Fact]
    public void DiagramMd_MatchesTheMachine_AndIsRewrittenWhenStale()
    {
        var path = Path.Combine(RepositoryRoot.Path, "workflows", "Orchestrator.Workflows", "Switchover", "diagram.md");
        var expected = DiagramDocument.Render("Switchover", ProcedureMachine.Diagram(new SwitchoverProcedure()));
        var actual = File.Exists(path) ? File.ReadAllText(path) : "";
        if (actual != expected)
        {
            File.WriteAllText(path, expected);
        }

        Assert.True(actual == expected, $"{path} was stale and has been regenerated from the machine; commit it");
    }

    [Fact]
    public void Diagram_ShowsEveryWorkingState_AndTheOperatorPaths()
    {
        var mermaid = ProcedureMachine.Diagram(new SwitchoverProcedure());
        foreach (var state in SwitchoverStates.Phases.Append(ProcedureStates.WaitingForOperator).Append(ProcedureStates.Completed).Append(ProcedureStates.Cancelled))
        {
            Assert.Contains(state, mermaid, StringComparison.Ordinal);
        }

        Assert.Contains(ProcedureTriggers.OperatorRetry, mermaid, StringComparison.Ordinal);
        Assert.Contains(ProcedureTriggers.MaxWaitExceeded, mermaid, StringComparison.Ordinal);
    }
}
