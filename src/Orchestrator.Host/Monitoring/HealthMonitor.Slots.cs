using System.Diagnostics;
using Orchestrator.Engine.Procedures;
using Orchestrator.Storage.Procedures;
using Orchestrator.Workflows.Failover;

namespace Orchestrator.Host.Monitoring;

public sealed partial class HealthMonitor
{
    /// <summary>How often a round whose failovers all run looks (through the <c>is_active</c> index) whether one has ended.</summary>
    private static readonly TimeSpan SlotPoll = TimeSpan.FromMilliseconds(25);

    /// <summary>
    /// Waits until fewer than <paramref name="parallelism"/> failovers run, or <paramref name="patience"/> (one monitor
    /// interval, wall-clock) passed without that; returns how many run then. A poll cadence, not the product's time: a
    /// failover that waits minutes (a resync, MAXWAIT) holds the round back one interval at most.
    /// </summary>
    private async Task<int> WaitForSlotAsync(int parallelism, TimeSpan patience, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            await Task.Delay(SlotPoll, cancellationToken).ConfigureAwait(false);
            var running = (await store.ListActiveAsync(cancellationToken).ConfigureAwait(false)).Count(TakesASlot);
            if (running < parallelism || waited.Elapsed >= patience)
            {
                return running;
            }
        }
    }

    /// <summary>A failover that runs; one held for an operator (S19) or waiting for one does not run, so it takes no slot.</summary>
    private static bool TakesASlot(ProcedureRecord procedure) =>
        string.Equals(procedure.Kind, FailoverProcedure.KindName, StringComparison.OrdinalIgnoreCase)
        && procedure.State != ProcedureStates.WaitingForOperator;
}
