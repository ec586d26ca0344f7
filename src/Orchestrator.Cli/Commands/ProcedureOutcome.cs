using Orchestrator.Cli.Infrastructure;
using Orchestrator.Cli.Output;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Views;

namespace Orchestrator.Cli.Commands;

/// <summary>How a watched procedure ended, as words and an exit code.</summary>
public static class ProcedureOutcome
{
    /// <summary>Prints the outcome; exit 0 only when the procedure completed its whole purpose (warnings, failures and stops are 1).</summary>
    public static int Report(ProcedureView view, bool json)
    {
        if (json)
        {
            JsonOutput.Write(view);
        }
        else if (view.State == ProcedureStates.Completed)
        {
            Console.Out.WriteLine(view.TargetNode is null
                ? $"procedure #{view.Id} completed: {view.Kind} of {TerminalText.Plain(view.Hierarchy)}"
                : $"procedure #{view.Id} completed: {TerminalText.Plain(view.Hierarchy)} is in service on {TerminalText.Plain(view.TargetNode)}");
        }
        else if (view.State is ProcedureStates.CompletedWithWarnings or ProcedureStates.Failed)
        {
            Console.Out.WriteLine(view.State == ProcedureStates.Failed
                ? $"procedure #{view.Id} failed: its {view.Kind} did not achieve its purpose"
                : $"procedure #{view.Id} completed with warnings: {view.Hierarchy} is in service on {view.TargetNode}, but not everything moved");
            foreach (var shortfall in view.Shortfalls)
            {
                Console.Out.WriteLine($"  {TerminalText.Plain(shortfall)}");
            }
        }
        else
        {
            Console.Out.WriteLine($"procedure #{view.Id} is {view.State}: {TerminalText.Plain(view.LastError)}");
            if (view.State == ProcedureStates.WaitingForOperator)
            {
                Console.Out.WriteLine($"fix the cause, then `orchestrator procedures retry {view.Id} --wait` or `orchestrator procedures cancel {view.Id}`");
            }
        }

        return ExitCode(view);
    }

    /// <summary>0 only when the procedure completed its whole purpose, else 1.</summary>
    public static int ExitCode(ProcedureView view) => view.State == ProcedureStates.Completed ? ExitCodes.Ok : ExitCodes.ProcedureFailed;

    /// <summary>Says who will carry out a procedure that was only recorded.</summary>
    public static void Queued(long id, string dataDirectory)
    {
        using var runnerLock = RunnerLock.TryAcquire(dataDirectory);
        Console.Out.WriteLine(runnerLock is null
            ? $"procedure #{id} recorded; the running `orchestrator serve` carries it out (follow it with `orchestrator procedures wait {id}`)"
            : $"procedure #{id} recorded; no `orchestrator serve` is running: start one, or run it here with `orchestrator procedures wait {id}`");
    }
}
