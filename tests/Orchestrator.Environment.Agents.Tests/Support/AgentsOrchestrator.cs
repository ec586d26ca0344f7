using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Engine.Commands.ApplyCluster;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Queries.GetProcedure;
using Orchestrator.Engine.Views;
using Orchestrator.Host.Composition;
using Orchestrator.Host.Runtime;
using Orchestrator.Storage.Sqlite;
using Orchestrator.Host.Credentials;
using Orchestrator.Testing;

namespace Orchestrator.Environment.Agents.Tests.Support;

/// <summary>
/// A real orchestrator in-process (SQLite in a temporary directory, Hangfire, the sweeper and the monitor) composed as the
/// product is, with a definition applied: the real-resource ports go wherever its 'environment' says.
/// </summary>
public sealed class AgentsOrchestrator : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private AgentsOrchestrator(string directory, ServiceProvider provider)
    {
        Directory = directory;
        _provider = provider;
    }

    public string Directory { get; }

    public IMediator Mediator => _provider.GetRequiredService<IMediator>();

    public T Get<T>() where T : notnull => _provider.GetRequiredService<T>();

    public static async Task<AgentsOrchestrator> StartAsync(string yaml, AgentOptions agents)
    {
        var directory = Path.Combine(Path.GetTempPath(), "orch-agents-" + Guid.NewGuid().ToString("N")[..8]);
        new OrchestratorDatabase(directory).EnsureCreated();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(agents);
        var engine = new EngineOptions { MaxAttempts = 3, RetryBaseDelay = TimeSpan.FromMilliseconds(20), RetryMaxDelay = TimeSpan.FromMilliseconds(100), SweepInterval = TimeSpan.FromMilliseconds(100) };
        services.AddOrchestrator(new OrchestratorOptions { DataDirectory = directory, RunsJobs = true, Engine = engine });
        var orchestrator = new AgentsOrchestrator(directory, services.BuildServiceProvider());
        await orchestrator.ApplyAsync(yaml);
        // S15: every move needs the directory account (real writer, store and key ring).
        await orchestrator.Get<DirectoryCredentialWriter>().SetAsync(TestDirectoryAccount.User, TestDirectoryAccount.Password, "tester", CancellationToken.None);
        await orchestrator.Get<OrchestratorRuntime>().StartAsync(CancellationToken.None);
        return orchestrator;
    }

    /// <summary>`cluster apply` of <paramref name="yaml"/> (as another process would, after start).</summary>
    public async Task ApplyAsync(string yaml)
    {
        var file = Path.Combine(Directory, "cluster.yaml");
        await File.WriteAllTextAsync(file, yaml);
        await Mediator.Send(new ApplyClusterCommand(file, "tester"));
    }

    /// <summary>Waits until the procedure has finished or waits for an operator.</summary>
    public async Task<ProcedureView> SettledAsync(long id, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var view = await Mediator.Send(new GetProcedureQuery(id));
            if (!view.IsActive || view.State == ProcedureStates.WaitingForOperator)
                return view;
            Assert.True(DateTime.UtcNow < deadline, $"procedure #{id} still {view.State} after the timeout; steps: {string.Join(", ", view.Steps.Select(s => $"{s.Seq}:{s.Status}"))}");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
