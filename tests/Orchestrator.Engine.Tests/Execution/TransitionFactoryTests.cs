using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Errors;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Procedures;
using Orchestrator.Storage.Procedures;
using Stateless;

namespace Orchestrator.Engine.Tests.Execution;

/// <summary>Issue 11 (step CPU): a kind's machine is configured once per thread, and each firing sees only its own record and inputs.</summary>
public sealed class TransitionFactoryTests
{
    [Fact]
    public void AKindsMachine_IsConfiguredOncePerThread_NotOncePerStep()
    {
        var definition = new TwoPhases();
        var factory = new TransitionFactory(new ProcedureCatalog([definition]));
        var record = new ProcedureRecord { Id = 1, Kind = definition.Kind, State = "A" };

        var configuredBefore = definition.Configured;
        for (var i = 0; i < 3; i++)
        {
            factory.Fire(record, ProcedureTriggers.StepSucceeded, new MachineInputs { NextStepPhase = "A" });
        }

        Assert.Equal("A", record.State);
        Assert.True(definition.Configured - configuredBefore <= 1, $"configured {definition.Configured - configuredBefore} times for 3 firings");
    }

    [Fact]
    public void RecordsFiredInTurn_EachMoveByTheirOwnStateAndInputs()
    {
        var definition = new TwoPhases();
        var factory = new TransitionFactory(new ProcedureCatalog([definition]));
        var first = new ProcedureRecord { Id = 1, Kind = definition.Kind, State = "A" };
        var second = new ProcedureRecord { Id = 2, Kind = definition.Kind, State = "B" };

        Assert.Equal(("A", "B"), factory.Fire(first, ProcedureTriggers.StepSucceeded, new MachineInputs { NextStepPhase = "B" }));
        Assert.Equal(("B", ProcedureStates.Completed), factory.Fire(second, ProcedureTriggers.StepSucceeded, new MachineInputs { NextStepPhase = null }));
        Assert.Equal(("B", "B"), factory.Fire(first, ProcedureTriggers.StepSucceeded, new MachineInputs { NextStepPhase = "B" }));
        Assert.Equal(ProcedureStates.Completed, second.State);

        // A refused trigger changes nothing, and the next firing is not affected by it.
        var third = new ProcedureRecord { Id = 3, Kind = definition.Kind, State = ProcedureStates.Completed };
        Assert.Throws<ProcedureStateException>(() => factory.Fire(third, ProcedureTriggers.StepSucceeded, new MachineInputs()));
        Assert.Equal(ProcedureStates.Completed, third.State);
        Assert.Equal(("B", ProcedureStates.Completed), factory.Fire(first, ProcedureTriggers.StepSucceeded, new MachineInputs { NextStepPhase = null }));
    }

    [Fact]
    public void TheBoundInputs_TakeEveryInputOfTheFiring_SoAGuardAddedLaterIsNotReadStale()
    {
        // Every settable input set to a value unlike a fresh instance's; the copy must carry each one.
        var source = new MachineInputs();
        foreach (var property in typeof(MachineInputs).GetProperties().Where(p => p.CanWrite))
        {
            object value = property.PropertyType == typeof(bool) ? !(bool)property.GetValue(source)! : $"x-{property.Name}";
            property.SetValue(source, value);
        }

        var copy = new MachineInputs();
        copy.CopyFrom(source);

        foreach (var property in typeof(MachineInputs).GetProperties().Where(p => p.CanWrite))
        {
            Assert.True(Equals(property.GetValue(source), property.GetValue(copy)), $"{property.Name} is not copied");
        }
    }

    /// <summary>Phase A, then phase B, then Completed; counts how often it is configured.</summary>
    private sealed class TwoPhases : IProcedureDefinition
    {
        private int _configured;

        public int Configured => Volatile.Read(ref _configured);

        public string Kind => "two-phases";

        public string InitialState => "A";

        public IReadOnlyList<string> Phases => ["A", "B"];

        public void Configure(StateMachine<string, string> machine, MachineInputs inputs)
        {
            Interlocked.Increment(ref _configured);
            machine.Configure("A")
                .ContinueWithinPhase("A", inputs)
                .PermitIf(ProcedureTriggers.StepSucceeded, "B", () => inputs.NextStepPhase == "B", "to B");
            machine.Configure("B")
                .ContinueWithinPhase("B", inputs)
                .PermitIf(ProcedureTriggers.StepSucceeded, ProcedureStates.Completed, () => inputs.NextStepPhase is null, "done");
            StandardTransitions.Apply(machine, Phases, inputs);
        }

        public IReadOnlyList<PlannedStep> Plan(ClusterDefinition cluster, HierarchyDefinition hierarchy, string sourceNode, string targetNode) => [];
    }
}
