namespace Orchestrator.Host.Runtime;

/// <summary>
/// The thread pool's floor for a runner: every Hangfire worker blocks its own thread on a job, and the job's awaits
/// continue on the pool, where a world update reads its rows with synchronous calls (its mutation is synchronous). With
/// the default floor (one thread per core) a storm's 24 jobs queue behind a few blocked pool threads and the pool adds
/// one thread about every half second: the PostgreSQL storm showed whole-process stalls of 0.7–2 s and took 12–16 s; with
/// the floor at the workers' count plus two per core, 7–9 s (s23, `--only pgstorm`). Raised only, never lowered.
/// </summary>
public static class ThreadPoolFloor
{
    /// <summary>The floor for <paramref name="workers"/> job workers.</summary>
    public static int For(int workers) => workers + (2 * System.Environment.ProcessorCount);

    /// <summary>Raises the pool's minimum of worker threads to <see cref="For"/> when it is lower; returns the minimum now.</summary>
    public static int Ensure(int workers)
    {
        ThreadPool.GetMinThreads(out var current, out var completion);
        var floor = For(workers);
        if (current < floor && ThreadPool.SetMinThreads(floor, completion))
        {
            return floor;
        }

        ThreadPool.GetMinThreads(out current, out _);
        return current;
    }
}
