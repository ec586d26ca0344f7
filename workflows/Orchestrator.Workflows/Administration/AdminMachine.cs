using Orchestrator.Engine.Procedures;
using Stateless;
using static Orchestrator.Engine.Procedures.ProcedureTriggers;

namespace Orchestrator.Workflows.Administration;

/// <summary>
/// The machine of an administration procedure: its phases run in order, each step on to the next (within its phase, or to the
/// phase of the next step), and the last step — always <see cref="AdminStates.StoringDefinition"/> — completes it; the
/// standard operator paths apply (a failed step waits for an operator: retry or cancel).
/// </summary>
public static class AdminMachine
{
    public static void Configure(StateMachine<string, string> machine, IReadOnlyList<string> phases, MachineInputs inputs, string purpose)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(phases);
        for (var i = 0; i < phases.Count; i++)
        {
            var phase = phases[i];
            var state = machine.Configure(phase).ContinueWithinPhase(phase, inputs);
            foreach (var next in phases.Skip(i + 1))
            {
                var to = next;
                state.PermitIf(StepSucceeded, to, () => inputs.NextStepPhase == to, $"next step in {to}");
            }

            if (phase == AdminStates.StoringDefinition)
            {
                state.PermitIf(StepSucceeded, ProcedureStates.Completed, () => inputs.NextStepPhase is null, purpose);
            }
        }

        StandardTransitions.Apply(machine, phases, inputs);
    }
}
