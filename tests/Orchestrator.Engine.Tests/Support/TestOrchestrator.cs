using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Storage.Sqlite;
using Orchestrator.Engine.Commands;
using Orchestrator.Engine.Commands.ApplyCluster;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Queries.GetProcedure;
using Orchestrator.Engine.Views;
using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;
using Orchestrator.Host.Composition;
using Orchestrator.Host.Credentials;
using Orchestrator.Host.Runtime;
using Orchestrator.Storage;
using Orchestrator.Storage.Procedures;
using Orchestrator.Workflows;
using Orchestrator.Workflows.Switchover;

namespace Orchestrator.Engine.Tests.Support;

/// <summary>
/// A real orchestrator in-process: a SQLite file in a temporary directory, the SQLite-backed simulated
/// world beside it and, when <c>runsJobs</c>, a real Hangfire server with the sweeper.
/// </summary>
public sealed class TestOrchestrator : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private readonly bool _ownsDirectory;

    private TestOrchestrator(string directory, ServiceProvider provider, bool ownsDirectory)
    {
        Directory = directory;
        _provider = provider;
        _ownsDirectory = ownsDirectory;
    }

    public string Directory { get; }

    public IMediator Mediator => _provider.GetRequiredService<IMediator>();

    public SimulatedWorld World => _provider.GetRequiredService<SimulatedWorld>();

    public IProcedureStore Store => _provider.GetRequiredService<IProcedureStore>();

    public T Get<T>() where T : notnull => _provider.GetRequiredService<T>();

    /// <summary>The directory account (S15) every test orchestrator is given unless asked not to; moves need it.</summary>
    public const string DirectoryUser = @"TEST\orchestrator";

    /// <summary>Its password (set through the real store and key ring, so a test can grep for it).</summary>
    public const string DirectoryPassword = "Test-Directory-Pw-4b1d";

    /// <summary>The account as the directory port receives it.</summary>
    public static DirectoryAccount Account { get; } = new(DirectoryUser, DirectoryPassword);

    public static EngineOptions FastRetries() => new() { MaxAttempts = 3, RetryBaseDelay = TimeSpan.FromMilliseconds(20), RetryMaxDelay = TimeSpan.FromMilliseconds(100), SweepInterval = TimeSpan.FromMilliseconds(100) };

    /// <summary>
    /// Composes an orchestrator on <paramref name="directory"/> (a new temporary one, deleted on dispose, by default) and
    /// applies the definition and sets the directory credentials (<paramref name="directoryCredentials"/>; through the real
    /// writer, store and key ring); <paramref name="configure"/> may replace registrations (a decorator at the edge).
    /// </summary>
    public static async Task<TestOrchestrator> StartAsync(
        bool runsJobs = true, EngineOptions? engine = null, string? definitionYaml = null, string? directory = null, TimeProvider? time = null,
        Action<IServiceCollection>? configure = null, bool directoryCredentials = true)
    {
        var owns = directory is null;
        directory ??= Path.Combine(Path.GetTempPath(), "orch-engine-" + Guid.NewGuid().ToString("N")[..8]);
        new OrchestratorDatabase(directory).EnsureCreated();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOrchestrator(new OrchestratorOptions { DataDirectory = directory, RunsJobs = runsJobs, Engine = engine ?? FastRetries() });
        if (time is not null)
        {
            services.AddSingleton(time); // registered last: every component reads this clock
        }

        configure?.Invoke(services);

        var orchestrator = new TestOrchestrator(directory, services.BuildServiceProvider(), owns);
        var file = Path.Combine(directory, "cluster.yaml");
        await File.WriteAllTextAsync(file, definitionYaml ?? Samples.Read("two-node"));
        await orchestrator.Mediator.Send(new ApplyClusterCommand(file, "tester"));
        if (directoryCredentials)
        {
            await orchestrator.Get<DirectoryCredentialWriter>().SetAsync(DirectoryUser, DirectoryPassword, "tester", CancellationToken.None);
        }
        if (runsJobs)
        {
            await orchestrator.Get<OrchestratorRuntime>().StartAsync(CancellationToken.None);
        }

        return orchestrator;
    }

    public async Task<ProcedureStarted> SwitchoverAsync(string target, string hierarchy = "exch1") =>
        await Mediator.Send(new StartSwitchoverCommand(hierarchy, target, "tester", null));

    public async Task<Workflows.Failover.FailoverOutcome> FailoverAsync(string evidence, string hierarchy = "exch1", bool automatic = true) =>
        await Mediator.Send(new Workflows.Failover.StartFailoverCommand(hierarchy, null, automatic ? "monitor" : "tester", evidence, automatic));

    public async Task<ProcedureStarted> FailbackAsync(string hierarchy = "exch1", string? target = null) =>
        await Mediator.Send(new Workflows.Failback.StartFailbackCommand(hierarchy, target, "tester", null));

    /// <summary>Waits until the procedure has finished or waits for an operator.</summary>
    public async Task<ProcedureView> SettledAsync(long id, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var view = await Mediator.Send(new GetProcedureQuery(id));
            if (!view.IsActive || view.State == ProcedureStates.WaitingForOperator)
            {
                return view;
            }

            Assert.True(DateTime.UtcNow < deadline, $"procedure #{id} still {view.State} after the timeout; steps: {string.Join(", ", view.Steps.Select(s => $"{s.Seq}:{s.Status}"))}");
            await Task.Delay(10);
        }
    }

    /// <summary>Every test ends by asking the world whether its invariants held on every effect (never two nodes in service, fence before takeover).</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            (await World.SnapshotAsync(CancellationToken.None)).AssertInvariants();
        }
        finally
        {
            await ReleaseAsync();
        }
    }

    private async Task ReleaseAsync()
    {
        await _provider.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!_ownsDirectory)
        {
            return; // the test shares it between several orchestrators, one after the other
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
