using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Steps;
using Orchestrator.Host.Leadership;
using Orchestrator.Host.Monitoring;
using Orchestrator.Storage.Leadership;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Host.Runtime;

/// <summary>
/// The part of a process that runs steps: a Hangfire server and the sweeper. Start it only while holding
/// the data directory's <see cref="RunnerLock"/>. Every start first reconciles the world with the stored definition.
/// Steps run in every runner (claims guard them); the single-instance roles — the sweeper (with replica scheduling) and
/// the health monitor — run only while this runner holds the leader term (<see cref="LeaderElection"/>, renewed every
/// lease/3): once it loses the term they stop within one renewal, and every monitor decision carries the term's epoch.
/// </summary>
public sealed class OrchestratorRuntime(
    JobStorage storage,
    IServiceProvider services,
    WorkSweeper sweeper,
    IWorkSignal signal,
    HealthMonitor monitor,
    WorldReconciler reconciler,
    LeaderElection election,
    StoreOutage outage,
    EngineOptions options,
    TimeProvider time,
    ILogger<OrchestratorRuntime> logger) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _rolesLock = new();
    private BackgroundJobServer? _server;
    private Task? _leaderLoop;
    private bool _monitoring;

    // The single-instance roles of the term they run under (null: this runner does not lead).
    private LeaderTerm? _rolesTerm;
    private CancellationTokenSource? _roles;
    private Task? _sweepLoop;
    private Task? _monitorLoop;

    /// <summary>The term the single-instance roles run under now, or null (another runner leads, or none yet).</summary>
    public LeaderTerm? Leading
    {
        get
        {
            lock (_rolesLock)
            {
                return _roles is { IsCancellationRequested: false } ? _rolesTerm : null;
            }
        }
    }

    /// <summary>
    /// Reconciles the world with the stored definition, and nothing else: a one-off <c>--wait</c> does this before its
    /// command is judged, and starts the rest (<see cref="StartAsync"/>: workers, the leader term, the sweeper) only once the
    /// command was accepted — a refused command changes nothing in the data directory.
    /// </summary>
    public Task ReconcileAsync(CancellationToken cancellationToken) => ReconcileWorldAsync(cancellationToken);

    /// <summary>Hangfire's workers: replica-list batches wait on the world (up to 64 at once per update); steps need workers beside them.</summary>
    public static int WorkerCount => Math.Max(24, System.Environment.ProcessorCount * 2);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The discovered kinds and step actions, built now: two of one name stop serve here, naming both types, not at its first step.
        services.GetRequiredService<ProcedureCatalog>();
        services.GetRequiredService<StepActionCatalog>();
        await SyncClockAsync(cancellationToken).ConfigureAwait(false);
        await ReconcileWorldAsync(cancellationToken).ConfigureAwait(false);
        ThreadPoolFloor.Ensure(WorkerCount);
        HangfireLogging.UseOnce();
        _server = new BackgroundJobServer(
            new BackgroundJobServerOptions
            {
                WorkerCount = WorkerCount,
                SchedulePollingInterval = TimeSpan.FromSeconds(1),
                ServerName = $"orchestrator-{System.Environment.ProcessId}",
                Activator = new ServiceProviderJobActivator(services),
                ShutdownTimeout = TimeSpan.FromSeconds(5),
            },
            storage);
        // The first term is asked for here: a leader sweeps at once (after a crash the in-memory queue is empty).
        var term = await election.TickAsync(cancellationToken).ConfigureAwait(false);
        if (term is not null)
        {
            await SweepOnceAsync(cancellationToken).ConfigureAwait(false);
        }

        await FollowTermAsync(term, sweptAtStart: term is not null).ConfigureAwait(false);
        _leaderLoop = LeaderLoopAsync(_stopping.Token);
        logger.LogInformation("Orchestrator runtime started");
    }

    /// <summary>
    /// Starts the health monitor's loop (serve does; a one-off --wait does not), once, after <see cref="StartAsync"/>.
    /// Serve calls it once it is serving (its dashboard listening): a round at 1,000 hierarchies takes both cores of a
    /// small machine for a moment, and it must not delay the listener or its first answers, so the first round runs one
    /// monitor interval later, on its own. Returns at once.
    /// </summary>
    public void StartMonitoring()
    {
        if (_server is null)
        {
            throw new InvalidOperationException("start the runtime (StartAsync) before its monitor");
        }

        lock (_rolesLock)
        {
            _monitoring = true;
            if (_monitorLoop is null && _roles is { IsCancellationRequested: false } roles && _rolesTerm is { } term && !_stopping.IsCancellationRequested)
            {
                _monitorLoop = Task.Run(() => MonitorLoopAsync(term, roles.Token), CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// On a shared database, measures this runner's clock against the database's (<see cref="StoreClock"/>): at start and
    /// at every renewal. A store that cannot be reached keeps the last offset (the outage is the election's to report).
    /// </summary>
    private async Task SyncClockAsync(CancellationToken cancellationToken)
    {
        if (time is not StoreClock clock)
        {
            return;
        }

        var store = services.GetRequiredService<ILeaderStore>();
        try
        {
            await clock.SyncAsync(store.ClockAsync, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogDebug(e, "The database's clock could not be read; this runner keeps its last offset ({Offset})", clock.Offset);
        }
    }

    /// <summary>Every renewal: heartbeat and the term; the roles follow it.</summary>
    private async Task LeaderLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(election.Renewal, time, cancellationToken).ConfigureAwait(false);
            await SyncClockAsync(cancellationToken).ConfigureAwait(false);
            var term = await election.TickAsync(cancellationToken).ConfigureAwait(false);
            await FollowTermAsync(term).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs the single-instance roles under <paramref name="term"/>: started when this runner gains it (or a new epoch of
    /// it), stopped when it loses it — or when a decision found it stale (<see cref="StaleLeaderException"/>). A term gained
    /// while running is swept at once (the steps of a leader that died are in no queue), unless <see cref="StartAsync"/>
    /// just swept (<paramref name="sweptAtStart"/>).
    /// </summary>
    private async Task FollowTermAsync(LeaderTerm? term, bool sweptAtStart = false)
    {
        (CancellationTokenSource? Roles, Task? Sweep, Task? Monitor) stopped = default;
        lock (_rolesLock)
        {
            var running = _roles is { IsCancellationRequested: false } && _rolesTerm?.Epoch == term?.Epoch;
            if (running || (term is null && _roles is null))
            {
                return;
            }

            stopped = (_roles, _sweepLoop, _monitorLoop);
            (_roles, _rolesTerm, _sweepLoop, _monitorLoop) = (null, null, null, null);
            if (term is not null && !_stopping.IsCancellationRequested)
            {
                var roles = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                (_roles, _rolesTerm) = (roles, term);
                _sweepLoop = Task.Run(() => SweepLoopAsync(sweepFirst: !sweptAtStart, roles.Token), CancellationToken.None);
                if (_monitoring)
                {
                    _monitorLoop = Task.Run(() => MonitorLoopAsync(term, roles.Token), CancellationToken.None);
                }
            }
        }

        await StopRolesAsync(stopped.Roles, stopped.Sweep, stopped.Monitor).ConfigureAwait(false);
    }

    private static async Task StopRolesAsync(CancellationTokenSource? roles, params Task?[] loops)
    {
        if (roles is null)
        {
            return;
        }

        await roles.CancelAsync().ConfigureAwait(false);
        foreach (var loop in loops)
        {
            if (loop is null)
            {
                continue;
            }

            try
            {
                await loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        roles.Dispose();
    }

    /// <summary>What the stored definition declares and the world lacks (an interrupted apply) is seeded before steps and the monitor run.</summary>
    private async Task ReconcileWorldAsync(CancellationToken cancellationToken)
    {
        try
        {
            await reconciler.ReconcileAsync(TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Could not reconcile the world with the stored definition; what it lacks is unknown to the monitor until the next start: {Error}", e.Message);
        }
    }

    /// <summary>
    /// A pass every interval, or sooner when the store signals work another process committed (<see cref="IWorkSignal"/>);
    /// with <paramref name="sweepFirst"/> the first one at once (a runner that just gained the term).
    /// </summary>
    private async Task SweepLoopAsync(bool sweepFirst, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (!sweepFirst)
            {
                await signal.WaitAsync(options.SweepInterval, cancellationToken).ConfigureAwait(false);
            }

            sweepFirst = false;
            try
            {
                await SweepOnceAsync(cancellationToken).ConfigureAwait(false);
                outage.Reached();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A database out of reach is said once per outage (StoreOutage); the next sweep tries again.
                if (!outage.Absorbed(e))
                {
                    logger.LogWarning("Sweep failed, will try again: {Error}", e.Message);
                }
            }
        }
    }

    private async Task SweepOnceAsync(CancellationToken cancellationToken)
    {
        await sweeper.SweepAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A round every interval, the first one interval after the monitor was started: serve answers first; a round longer
    /// than the interval is followed by the next at once (<see cref="MonitorCadence"/>). Every round's
    /// decisions carry <paramref name="term"/>'s epoch; one refused as stale ends the loop (said once) until a new term.
    /// </summary>
    private async Task MonitorLoopAsync(LeaderTerm term, CancellationToken cancellationToken)
    {
        var fence = new LeaderFence(term, time);
        var cadence = new MonitorCadence(time);
        while (!cancellationToken.IsCancellationRequested)
        {
            var interval = TimeSpan.FromSeconds(5);
            try
            {
                interval = await monitor.IntervalAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A database out of reach is said once per outage (StoreOutage); the default interval, then a round.
                if (!outage.Absorbed(e))
                {
                    logger.LogWarning("Monitor check failed, will try again: {Error}", e.Message);
                }
            }

            await cadence.WaitForRoundAsync(interval, cancellationToken).ConfigureAwait(false);
            try
            {
                await monitor.CheckOnceAsync(fence, cancellationToken).ConfigureAwait(false);
            }
            catch (StaleLeaderException e)
            {
                logger.LogWarning("Monitor: stopped, this runner no longer leads: {Reason}", e.Message);
                election.Lost(term.Epoch);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A round that could not reach the database decided nothing (its decisions are written there): unknown,
                // never a failover; said once per outage (StoreOutage).
                if (!outage.Absorbed(e))
                {
                    logger.LogWarning("Monitor check failed, will try again: {Error}", e.Message);
                }
            }
        }
    }

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            if (_leaderLoop is not null)
            {
                await _leaderLoop.ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }

        await FollowTermAsync(null).ConfigureAwait(false);
        using (var release = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await election.StopAsync(release.Token).ConfigureAwait(false); // another runner leads at once
        }

        _server?.SendStop();
        _server?.Dispose();
        _stopping.Dispose();
    }
}
