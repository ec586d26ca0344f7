using System.Globalization;

namespace Orchestrator.Benchmarks;

/// <summary>Command-line settings of the harness.</summary>
internal sealed record BenchOptions
{
    public int Rounds { get; init; } = 9;

    public int Services { get; init; } = 40;

    public double Floor { get; init; } = 5.0;

    /// <summary>Use the product's Serilog setup (Information to a rolling file, warnings to stderr) instead of warnings-only logging.</summary>
    public bool ProductionLogging { get; init; }

    public bool KeepData { get; init; }

    /// <summary>Where to create the temporary data directory (default: the system temp directory).</summary>
    public string? Under { get; init; }

    public bool ShowHelp { get; init; }

    /// <summary>Which benchmarks run: both (the default), or only one of them.</summary>
    public BenchParts Only { get; init; } = BenchParts.All;

    /// <summary>Measured failovers (after the warm-up ones).</summary>
    public int Failovers { get; init; } = 100;

    /// <summary>The failover verdict: median detection-to-in-service time must be at most this, in ms.</summary>
    public double FailoverFloorMs { get; init; } = 50.0;

    /// <summary>Folders of the zero-latency replica-list update benchmark.</summary>
    public int ReplicaFolders { get; init; } = 200_000;

    public bool RunsReplicas => Only is BenchParts.All or BenchParts.Replicas;

    /// <summary>Journal rows of the audit benchmark.</summary>
    public int AuditRows { get; init; } = 1_000_000;

    public bool RunsAudit => Only is BenchParts.All or BenchParts.Audit;

    public bool RunsSteps => Only is BenchParts.All or BenchParts.Steps;

    /// <summary>The step on PostgreSQL runs only when asked for (<c>--only pgsteps</c>): it starts a PostgreSQL cluster.</summary>
    public bool RunsPgSteps => Only is BenchParts.PgSteps;

    /// <summary>The storm on PostgreSQL with one and two runners runs only when asked for (<c>--only pgstorm</c>): it starts a PostgreSQL cluster.</summary>
    public bool RunsPgStorm => Only is BenchParts.PgStorm;

    /// <summary>The wake-up latency on PostgreSQL with two runners runs only when asked for (<c>--only pgwake</c>): it starts a PostgreSQL cluster.</summary>
    public bool RunsPgWake => Only is BenchParts.PgWake;

    /// <summary>Pairs of storms (one runner, two runners) of <c>pgstorm</c>, in alternating order.</summary>
    public int Runs { get; init; } = 3;

    /// <summary>A small budget for a quick check that every benchmark works (fewer rounds, smaller clusters, shorter limits).</summary>
    public bool Quick { get; init; }

    /// <summary>Switchovers of the history benchmark, in one data directory.</summary>
    public int Switchovers { get; init; } = 1_000;

    public bool RunsHistory => Only is BenchParts.All or BenchParts.History;

    public bool RunsStorm => Only is BenchParts.All or BenchParts.Storm;

    public bool RunsIdle => Only is BenchParts.All or BenchParts.Idle;

    public bool RunsStatus => Only is BenchParts.All or BenchParts.Status;

    public bool RunsFailover => Only is BenchParts.All or BenchParts.Failover;

    public bool RunsStartup => Only is BenchParts.All or BenchParts.Startup;

    /// <summary>The one-effect micro-benchmark runs only when asked for (<c>--only effect</c>).</summary>
    public bool RunsEffect => Only is BenchParts.Effect;

    /// <summary>The directory-credentials gate's cost runs only when asked for (<c>--only gate</c>).</summary>
    public bool RunsGate => Only is BenchParts.Gate;

    public const string Usage = """
        usage: dotnet run -c Release --project tests/Orchestrator.Benchmarks [-- options]

          --rounds N            measured rounds of about 3.5 s (default 9, plus one warm-up; stops early past 80 s)
          --services N          protected services in the benchmark hierarchy; the switchover has about 2N+21 steps (default 40)
          --floor X             pass when engine step / raw commit <= X (default 5)
          --failovers N         measured failovers, node1 <-> node2, after 10 warm-up ones (default 100, at least 30)
          --failover-floor MS   pass when the median failover (detection -> in service) is <= MS ms (default 50)
          --replica-folders N   public folders of the zero-latency replica-list update (default 200000)
          --audit-rows N        journal rows of the audit benchmark (default 1000000)
          --switchovers N       switchovers of the history benchmark, in one data directory (default 1000, at least 20)
          --runs N              pgstorm: pairs of storms, one and two runners, in alternating order (default 3)
          --quick               a small budget: fewer rounds, smaller clusters, shorter time limits (checks the harness works)
          --only steps|history|storm|idle|status|failover|replicas|audit|startup|effect|pgsteps|pgstorm|pgwake
                                run only one benchmark (default: all but effect, pgsteps, pgstorm and pgwake; replicas runs first, so its peak
                                memory is its own; effect: one world effect alone, SQLite vs in-memory store, informative;
                                pgsteps: the step on a throwaway PostgreSQL cluster vs a raw PostgreSQL commit, floor 3x,
                                with Hangfire.PostgreSql's queue poll and with long polling side by side; pgstorm: the
                                200/20/5 storm on PostgreSQL, world in the database, one and two serve child processes, each
                                warmed up, a fresh database each, --runs pairs alternating; PASS when two runners take at most
                                1.1x one runner's time (medians); startup: a read command's start-up (the real CLI
                                process) on a data directory with --audit-rows journal rows, floor 0.5 s; pgwake: two serve runners on PostgreSQL, the time from a
                                step's commit to the next step's start over >= 200 step boundaries, and from a launch by the
                                CLI to its first step (the NOTIFY/LISTEN wake-up))
          --production-logging  log like the CLI does (Serilog, Information to a rolling file) instead of warnings only
          --under DIR           create the temporary data directory in DIR instead of the system temp directory
                                (e.g. /dev/shm, where fsync is free, to see the CPU-only floor of both figures)
          --keep                keep the temporary data directory
          -h, --help            this text

        exit code: 0 every verdict PASS, 1 a verdict FAIL (above its floor), 2 the harness itself failed
        """;

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            options = args[i] switch
            {
                "--rounds" => options with { Rounds = Positive(args, ref i, 1, 100) },
                "--services" => options with { Services = Positive(args, ref i, 1, 1000) },
                "--floor" => options with { Floor = PositiveDouble(args, ref i) },
                "--failovers" => options with { Failovers = Positive(args, ref i, 30, 10_000) },
                "--failover-floor" => options with { FailoverFloorMs = PositiveDouble(args, ref i) },
                "--only" => options with { Only = Part(args, ref i) },
                "--replica-folders" => options with { ReplicaFolders = Positive(args, ref i, 1000, 10_000_000) },
                "--audit-rows" => options with { AuditRows = Positive(args, ref i, 10_000, 100_000_000) },
                "--switchovers" => options with { Switchovers = Positive(args, ref i, 20, 100_000) },
                "--runs" => options with { Runs = Positive(args, ref i, 1, 20) },
                "--quick" => options with { Quick = true },
                "--production-logging" => options with { ProductionLogging = true },
                "--keep" => options with { KeepData = true },
                "--under" => options with { Under = Value(args, ref i) },
                "-h" or "--help" => options with { ShowHelp = true },
                var other => throw new ArgumentException($"unknown option '{other}'"),
            };
        }

        return options;
    }

    private static BenchParts Part(string[] args, ref int i)
    {
        var text = Value(args, ref i);
        return text switch
        {
            "steps" => BenchParts.Steps,
            "failover" => BenchParts.Failover,
            "replicas" => BenchParts.Replicas,
            "audit" => BenchParts.Audit,
            "history" => BenchParts.History,
            "storm" => BenchParts.Storm,
            "idle" => BenchParts.Idle,
            "status" => BenchParts.Status,
            "startup" => BenchParts.Startup,
            "effect" => BenchParts.Effect,
            "gate" => BenchParts.Gate,
            "pgsteps" => BenchParts.PgSteps,
            "pgstorm" => BenchParts.PgStorm,
            "pgwake" => BenchParts.PgWake,
            _ => throw new ArgumentException($"--only takes steps, history, storm, idle, status, startup, failover, replicas, audit, effect, gate, pgsteps, pgstorm or pgwake, not '{text}'"),
        };
    }

    private static string Value(string[] args, ref int i)
    {
        var name = args[i];
        if (++i >= args.Length)
        {
            throw new ArgumentException($"{name} needs a value");
        }

        return args[i];
    }

    private static int Positive(string[] args, ref int i, int min, int max)
    {
        var name = args[i];
        var text = Value(args, ref i);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{name} must be a whole number from {min} to {max}, not '{text}'");
    }

    private static double PositiveDouble(string[] args, ref int i)
    {
        var name = args[i];
        var text = Value(args, ref i);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x > 0
            ? x
            : throw new ArgumentException($"{name} must be a positive number, not '{text}'");
    }
}

internal enum BenchParts
{
    All,
    Steps,
    Failover,
    Replicas,
    Audit,
    History,
    Storm,
    Idle,
    Status,
    Startup,
    Effect,
    Gate,
    PgSteps,
    PgStorm,
    PgWake,
}
