using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Orchestrator.Engine.Procedures;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Claims;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Benchmarks;

/// <summary>
/// A pass-through decorator around the product's <see cref="IProcedureStore"/> (the benchmark's only other change to
/// the composition). It (1) signals the moment a procedure's final transition has committed, so the harness
/// learns of completion without polling the database, which on a small machine would steal CPU from the engine,
/// and (2) times the store calls, to split a step's cost between the database and the rest of the engine.
/// </summary>
internal sealed class InstrumentedProcedureStore(IProcedureStore inner) : IProcedureStore
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource<long>> _finished = new();
    private readonly StoreTimings _timings = new();
    private TaskCompletionSource<CreatedProcedure>? _nextCreation;

    public StoreTimings Timings => _timings;

    /// <summary>
    /// Completes when procedure <paramref name="id"/> commits a transition to Completed, Cancelled or WaitingForOperator,
    /// with the <see cref="Stopwatch"/> timestamp taken right after that commit returned.
    /// </summary>
    public Task<long> Finished(long id) => _finished.GetOrAdd(id, _ => NewSignal<long>()).Task;

    /// <summary>Completes with the next procedure created after this call (its id, kind, steps and when the plan insert returned).</summary>
    public Task<CreatedProcedure> ExpectCreation()
    {
        var signal = NewSignal<CreatedProcedure>();
        Volatile.Write(ref _nextCreation, signal);
        return signal.Task;
    }

    public void Forget(long id) => _finished.TryRemove(id, out _);

    public async Task<TransitionOutcome> CommitTransitionAsync(TransitionCommit commit, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = await inner.CommitTransitionAsync(commit, cancellationToken).ConfigureAwait(false);
        _timings.Add(StoreCall.CommitTransition, started);
        if (outcome.Committed && (!commit.IsActive || commit.NewState == ProcedureStates.WaitingForOperator))
        {
            var at = Stopwatch.GetTimestamp();
            _finished.GetOrAdd(commit.ProcedureId, _ => NewSignal<long>()).TrySetResult(at);
        }

        return outcome;
    }

    public async Task<ProcedureRecord?> GetAsync(long id, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await inner.GetAsync(id, cancellationToken).ConfigureAwait(false);
        _timings.Add(StoreCall.Get, started);
        return result;
    }

    public async Task<IReadOnlyList<StepRecord>> GetStepsAsync(long id, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await inner.GetStepsAsync(id, cancellationToken).ConfigureAwait(false);
        _timings.Add(StoreCall.GetSteps, started);
        return result;
    }

    public async Task<StepRecord?> TryClaimStepAsync(long id, int seq, string worker, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await inner.TryClaimStepAsync(id, seq, worker, now, lease, cancellationToken).ConfigureAwait(false);
        _timings.Add(StoreCall.Other, started);
        return result;
    }

    public async Task<long> CreateAsync(NewProcedure procedure, IReadOnlyList<PlannedStep> plan, NewAuditEntry audit, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await inner.CreateAsync(procedure, plan, audit, cancellationToken).ConfigureAwait(false);
        _timings.Add(StoreCall.Other, started);
        Interlocked.Exchange(ref _nextCreation, null)?.TrySetResult(new CreatedProcedure(result, procedure.Kind, plan.Count, Stopwatch.GetTimestamp()));
        return result;
    }

    public async Task MarkDispatchedAsync(long id, int seq, string worker, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await inner.MarkDispatchedAsync(id, seq, worker, at, cancellationToken).ConfigureAwait(false);
        _timings.Add(StoreCall.Other, started);
    }

    public async Task<HierarchyPicture> GetPictureAsync(string hierarchy, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await inner.GetPictureAsync(hierarchy, cancellationToken).ConfigureAwait(false);
        _timings.Add(StoreCall.Other, started);
        return result;
    }

    public async Task<IReadOnlyList<PlacementChange>> GetPlacementsAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await inner.GetPlacementsAsync(cancellationToken).ConfigureAwait(false);
        _timings.Add(StoreCall.Other, started);
        return result;
    }

    // Not on a switchover's path (listing, retries, lease renewals, the sweeper's periodic scan): forwarded untimed.
    public Task<IReadOnlyList<ProcedureRecord>> ListAsync(string? hierarchy, int limit, long? beforeId, CancellationToken cancellationToken) =>
        inner.ListAsync(hierarchy, limit, beforeId, cancellationToken);

    public Task<IReadOnlyList<ProcedureRecord>> ListActiveAsync(CancellationToken cancellationToken) => inner.ListActiveAsync(cancellationToken);

    public Task<ProcedureRecord?> GetActiveAsync(string hierarchy, CancellationToken cancellationToken) => inner.GetActiveAsync(hierarchy, cancellationToken);

    public Task<IReadOnlyList<ProcedureRecord>> ListCreatedSinceAsync(string? hierarchy, DateTimeOffset since, CancellationToken cancellationToken) =>
        inner.ListCreatedSinceAsync(hierarchy, since, cancellationToken);

    public Task<bool> RenewClaimAsync(WorkClaim claim, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken) =>
        inner.RenewClaimAsync(claim, now, lease, cancellationToken);

    public Task<bool> RecordFailedAttemptAsync(StepClaim claim, string error, DateTimeOffset notBefore, CancellationToken cancellationToken) =>
        inner.RecordFailedAttemptAsync(claim, error, notBefore, cancellationToken);

    public Task<bool> RecordWaitAsync(StepClaim claim, string waitingFor, DateTimeOffset notBefore, CancellationToken cancellationToken) =>
        inner.RecordWaitAsync(claim, waitingFor, notBefore, cancellationToken);

    public Task<bool> RecordFailedAttemptAsync(StepClaim claim, string error, DateTimeOffset now, TimeSpan backoff, CancellationToken cancellationToken) =>
        inner.RecordFailedAttemptAsync(claim, error, now, backoff, cancellationToken);

    public Task<bool> RecordWaitAsync(StepClaim claim, string waitingFor, DateTimeOffset now, TimeSpan wait, CancellationToken cancellationToken) =>
        inner.RecordWaitAsync(claim, waitingFor, now, wait, cancellationToken);

    public Task<bool> RecordInterruptedAsync(StepClaim claim, string error, DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.RecordInterruptedAsync(claim, error, now, cancellationToken);

    public Task<IReadOnlyList<StepRecord>> FindDispatchableAsync(string worker, DateTimeOffset now, DateTimeOffset staleBefore, CancellationToken cancellationToken) =>
        inner.FindDispatchableAsync(worker, now, staleBefore, cancellationToken);

    private static TaskCompletionSource<T> NewSignal<T>() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>A procedure as the decorator saw it created: <paramref name="At"/> is the timestamp when its plan insert returned.</summary>
internal sealed record CreatedProcedure(long Id, string Kind, int Steps, long At);

internal enum StoreCall
{
    CommitTransition,
    GetSteps,
    Get,
    Other,
}

/// <summary>
/// Wall time spent inside store calls, by kind (thread-safe; read as a snapshot and subtracted), and the calls that
/// took at least <see cref="SlowThreshold"/>: on an idle zero-latency world that means a lock wait (Microsoft.Data.Sqlite
/// answers SQLITE_BUSY by sleeping 150 ms and retrying), not work.
/// </summary>
internal sealed class StoreTimings
{
    public static readonly TimeSpan SlowThreshold = TimeSpan.FromMilliseconds(100);

    private readonly long[] _ticks = new long[4];
    private readonly long[] _calls = new long[4];
    private readonly long[] _slow = new long[4];
    private readonly ConcurrentDictionary<string, int> _slowByMethod = new(StringComparer.Ordinal);

    /// <summary>Slow calls per store method since the engine started (warm-up included).</summary>
    public IReadOnlyDictionary<string, int> SlowByMethod => _slowByMethod;

    /// <summary>E.g. "TryClaimStepAsync 25, MarkDispatchedAsync 1", or "none".</summary>
    public string DescribeSlow() =>
        _slowByMethod.IsEmpty ? "none" : string.Join(", ", _slowByMethod.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value}"));

    public void Add(StoreCall call, long startedTimestamp, [CallerMemberName] string method = "")
    {
        var elapsed = Stopwatch.GetTimestamp() - startedTimestamp;
        Interlocked.Add(ref _ticks[(int)call], elapsed);
        Interlocked.Increment(ref _calls[(int)call]);
        if (elapsed >= SlowThreshold.TotalSeconds * Stopwatch.Frequency)
        {
            Interlocked.Increment(ref _slow[(int)call]);
            _slowByMethod.AddOrUpdate(method, 1, (_, n) => n + 1);
        }
    }

    public StoreSnapshot Snapshot() => new(
        [.. _ticks.Select((_, i) => Interlocked.Read(ref _ticks[i]))],
        [.. _calls.Select((_, i) => Interlocked.Read(ref _calls[i]))],
        [.. _slow.Select((_, i) => Interlocked.Read(ref _slow[i]))]);
}

internal sealed record StoreSnapshot(long[] Ticks, long[] Calls, long[] Slow)
{
    public static StoreSnapshot Empty { get; } = new(new long[4], new long[4], new long[4]);

    public TimeSpan Time(StoreCall call) => TimeSpan.FromSeconds((double)Ticks[(int)call] / Stopwatch.Frequency);

    public long Count(StoreCall call) => Calls[(int)call];

    /// <summary>Calls that took at least <see cref="StoreTimings.SlowThreshold"/>, all kinds together.</summary>
    public long SlowCalls => Slow.Sum();

    public static StoreSnapshot operator -(StoreSnapshot after, StoreSnapshot before) => new(
        [.. after.Ticks.Zip(before.Ticks, (a, b) => a - b)],
        [.. after.Calls.Zip(before.Calls, (a, b) => a - b)],
        [.. after.Slow.Zip(before.Slow, (a, b) => a - b)]);

    public static StoreSnapshot operator +(StoreSnapshot a, StoreSnapshot b) => new(
        [.. a.Ticks.Zip(b.Ticks, (x, y) => x + y)],
        [.. a.Calls.Zip(b.Calls, (x, y) => x + y)],
        [.. a.Slow.Zip(b.Slow, (x, y) => x + y)]);
}
