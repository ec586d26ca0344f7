using System.Diagnostics;
using Mediator;
using Orchestrator.Engine.Commands.AcknowledgeProcedure;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Procedures;
using Orchestrator.Environment.World;
using Orchestrator.Host.Monitoring;
using Orchestrator.Workflows.Failover;

namespace Orchestrator.Benchmarks;

/// <summary>One automatic failover, timed from the monitor check that reaches the failure threshold to the commit of Completed.</summary>
/// <param name="Wall">Threshold check called → final transition committed (what the verdict uses).</param>
/// <param name="Decide">Threshold check called → the failover's plan insert returned (monitor reads, anti-flapping, target choice, launch).</param>
/// <param name="Cpu">CPU time of the whole process over the timed interval (coarse: the OS counts it in ticks).</param>
/// <param name="Store">Time spent inside the product's procedure store calls over the same interval, by kind.</param>
internal sealed record FailoverSample(long Id, string From, string To, int Steps, TimeSpan Wall, TimeSpan Decide, TimeSpan Cpu, StoreSnapshot Store)
{
    public double WallMs => Wall.TotalMilliseconds;

    public double DecideMs => Decide.TotalMilliseconds;

    public double RunMs => (Wall - Decide).TotalMilliseconds;

    public double MicrosPerStep => Wall.TotalMicroseconds / Steps;
}

/// <summary>
/// Drives the product's <see cref="HealthMonitor"/> on a running engine (see <see cref="EngineHarness"/>) through
/// failovers back and forth: fail the node the hierarchy is on, run the monitor's checks until the threshold, wait
/// for the failover it starts to complete. Between failovers (untimed) the fenced node is restored and the last
/// failover acknowledged, which lifts the anti-flapping block as an operator would.
/// </summary>
internal sealed class FailoverHarness
{
    private const string Actor = "bench";
    private static readonly TimeSpan ProcedureTimeout = TimeSpan.FromSeconds(60);

    private readonly EngineHarness _engine;
    private readonly HealthMonitor _monitor;
    private readonly SimulatedWorld _world;
    private readonly IMediator _mediator;
    private string _on = BenchDefinition.Primary;
    private long? _lastFailover;

    private FailoverHarness(EngineHarness engine, int threshold)
    {
        _engine = engine;
        _monitor = engine.Get<HealthMonitor>();
        _world = engine.Get<SimulatedWorld>();
        _mediator = engine.Get<IMediator>();
        Threshold = threshold;
    }

    /// <summary>The cluster's failure threshold, as the monitor reads it.</summary>
    public int Threshold { get; }

    public static async Task<FailoverHarness> CreateAsync(EngineHarness engine, CancellationToken cancellationToken)
    {
        var (cluster, _) = await engine.Get<CurrentDefinition>().GetAsync(cancellationToken).ConfigureAwait(false);
        if (!cluster.Settings.AutomaticFailover)
        {
            throw new InvalidOperationException("the failover benchmark's cluster must have automatic-failover: true, or each failover waits for an operator");
        }

        var harness = new FailoverHarness(engine, cluster.Settings.FailureThreshold);
        var world = await harness._world.SnapshotAsync(cancellationToken).ConfigureAwait(false);
        if (world.InServiceNodes(FailoverDefinition.Hierarchy) is not [var on] || !string.Equals(on, BenchDefinition.Primary, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{FailoverDefinition.Hierarchy} should start in service on {BenchDefinition.Primary} only, not on [{string.Join(", ", world.InServiceNodes(FailoverDefinition.Hierarchy))}]");
        }

        return harness;
    }

    public async Task<FailoverSample> FailOverAsync(CancellationToken cancellationToken)
    {
        var failed = _on;
        var target = failed == BenchDefinition.Primary ? BenchDefinition.Backup : BenchDefinition.Primary;
        var store = _engine.Store;

        // Untimed reset: the node the previous failover fenced comes back, and that failover is acknowledged.
        if (_lastFailover is { } last)
        {
            await _world.RestoreNodeAsync(target, cancellationToken).ConfigureAwait(false);
            await _mediator.Send(new AcknowledgeProcedureCommand(last, Actor), cancellationToken).ConfigureAwait(false);
        }

        // Untimed: the node fails and the monitor sees it on threshold - 1 consecutive checks.
        await _world.FailNodeAsync(failed, cancellationToken).ConfigureAwait(false);
        for (var i = 1; i < Threshold; i++)
        {
            await _monitor.CheckOnceAsync(cancellationToken).ConfigureAwait(false);
        }

        // Timed: the check that reaches the threshold, through to the failover's Completed commit.
        var created = store.ExpectCreation();
        var storeBefore = store.Timings.Snapshot();
        var cpuBefore = ProcessCpu();
        var started = Stopwatch.GetTimestamp();
        await _monitor.CheckOnceAsync(cancellationToken).ConfigureAwait(false);
        if (!created.IsCompleted)
        {
            throw new InvalidOperationException($"the monitor started no procedure at check {Threshold} after {failed} failed (anti-flapping block? see the audit rows with actor monitor)");
        }

        var procedure = await created.ConfigureAwait(false);
        long finished;
        try
        {
            finished = await store.Finished(procedure.Id).WaitAsync(ProcedureTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            var stuck = await store.GetAsync(procedure.Id, cancellationToken).ConfigureAwait(false);
            throw new TimeoutException($"failover #{procedure.Id} from {failed} did not finish within {ProcedureTimeout.TotalSeconds:F0} s (state {stuck?.State}, {stuck?.LastError})");
        }

        var cpu = ProcessCpu() - cpuBefore;
        var storeTime = store.Timings.Snapshot() - storeBefore;
        store.Forget(procedure.Id);
        await VerifyAsync(procedure, failed, target, cancellationToken).ConfigureAwait(false);

        _on = target;
        _lastFailover = procedure.Id;
        return new FailoverSample(procedure.Id, failed, target, procedure.Steps,
            Stopwatch.GetElapsedTime(started, finished), Stopwatch.GetElapsedTime(started, procedure.At), cpu, storeTime);
    }

    /// <summary>Untimed: the procedure is the monitor's failover to the expected node, it completed, and the world agrees.</summary>
    private async Task VerifyAsync(CreatedProcedure procedure, string failed, string target, CancellationToken cancellationToken)
    {
        var record = await _engine.Store.GetAsync(procedure.Id, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"procedure #{procedure.Id} vanished");
        if (record.Kind != FailoverProcedure.KindName || record.RequestedBy != HealthMonitor.Actor
            || !string.Equals(record.TargetNode, target, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"procedure #{procedure.Id} is a {record.Kind} by {record.RequestedBy} to {record.TargetNode}; expected a failover by {HealthMonitor.Actor} to {target}");
        }

        if (record.State != ProcedureStates.Completed)
        {
            throw new InvalidOperationException($"failover #{procedure.Id} from {failed} to {target} ended {record.State}: {record.LastError}");
        }

        if (procedure.Steps < FailoverDefinition.MinSteps)
        {
            throw new InvalidOperationException($"failover #{procedure.Id} has {procedure.Steps} steps; the benchmark needs at least {FailoverDefinition.MinSteps}");
        }

        var world = await _world.SnapshotAsync(cancellationToken).ConfigureAwait(false);
        var inService = world.InServiceNodes(FailoverDefinition.Hierarchy);
        if (inService is not [var on] || !string.Equals(on, target, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"after failover #{procedure.Id} the world has {FailoverDefinition.Hierarchy} in service on [{string.Join(", ", inService)}], expected {target}");
        }

        if (!world.Node(failed).Fenced || world.Violations.Count > 0)
        {
            throw new InvalidOperationException($"after failover #{procedure.Id}: {failed} fenced = {world.Node(failed).Fenced}; violations: {string.Join("; ", world.Violations)}");
        }
    }

    private static TimeSpan ProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
