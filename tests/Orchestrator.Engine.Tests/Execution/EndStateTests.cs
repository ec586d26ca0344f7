using Orchestrator.Engine.Procedures;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Tests.Execution;

/// <summary>The end state a finished plan calls for, from its steps' outcomes (issue 10 point 6).</summary>
public sealed class EndStateTests
{
    [Theory]
    [InlineData(new string?[] { null, null }, ProcedureStates.Completed)]
    [InlineData(new string?[] { null, StepOutcome.Partial, null }, ProcedureStates.CompletedWithWarnings)]
    [InlineData(new string?[] { StepOutcome.Partial, StepOutcome.NotAchieved }, ProcedureStates.Failed)]
    [InlineData(new string?[] { StepOutcome.NotAchieved }, ProcedureStates.Failed)]
    public void ThePlanEnds_AsItsWorstStepOutcomeSays(string?[] outcomes, string expected) =>
        Assert.Equal(expected, ProcedureStates.EndStateFor(outcomes));

    [Theory]
    [InlineData(ProcedureStates.CompletedWithWarnings, true, true)]
    [InlineData(ProcedureStates.Failed, true, false)]
    [InlineData(ProcedureStates.Completed, true, true)]
    [InlineData(ProcedureStates.WaitingForOperator, false, false)]
    public void TheNewEndStates_AreTerminal_AndOnlyWarningsCountAsAchieved(string state, bool terminal, bool achieved)
    {
        Assert.Equal(terminal, ProcedureStates.IsTerminal(state));
        Assert.Equal(achieved, ProcedureStates.IsAchieved(state));
    }
}
