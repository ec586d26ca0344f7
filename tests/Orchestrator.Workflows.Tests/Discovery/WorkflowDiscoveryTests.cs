using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Steps;
using Orchestrator.Storage.Procedures;
using Orchestrator.Workflows.ReplicaListUpdate;
using Orchestrator.Workflows.RollingUpdate;

namespace Orchestrator.Workflows.Tests.Discovery;

public sealed class WorkflowDiscoveryTests
{
    private static readonly string WorkflowsFolder = Path.Combine(RepositoryRoot.Path, "workflows", "Orchestrator.Workflows");

    private static DiscoveredWorkflows Found => WorkflowDiscovery.Scan(typeof(WorkflowDiscovery).Assembly);

    [Fact]
    public void TheDiscoveredKinds_AreExactlyTheFoldersHoldingAProcedureFile()
    {
        var folders = Directory.GetDirectories(WorkflowsFolder)
            .Where(d => Directory.GetFiles(d, "*Procedure.cs").Length > 0)
            .Select(d => Path.GetFileName(d)!)
            .Order(StringComparer.Ordinal)
            .ToList();
        var discovered = Found.Procedures.Select(ProcedureFolders.Of).Order(StringComparer.Ordinal).ToList();

        Assert.NotEmpty(folders);
        Assert.Equal(folders, discovered);
        Assert.All(Found.Procedures, t => Assert.True(File.Exists(Path.Combine(WorkflowsFolder, ProcedureFolders.Of(t), t.Name + ".cs")), $"{t.FullName} is not in its folder's {t.Name}.cs"));
    }

    [Fact]
    public void TheComposition_RegistersEveryDiscoveredKindActionAndRunner_Once()
    {
        using var provider = WorkflowsComposition.Build();
        Assert.Equal(Found.Procedures, provider.GetServices<IProcedureDefinition>().Select(d => d.GetType()));
        Assert.Equal(Found.StepActions, provider.GetServices<IStepAction>().Select(a => a.GetType()));
        Assert.Equal(Found.WorkRunners, provider.GetServices<IWorkRunner>().Select(r => r.GetType()).Where(Found.WorkRunners.Contains));
    }

    [Fact]
    public void ARunnerItsFolderRegistersAsItself_IsTheSameInstanceAsTheWorkRunner()
    {
        using var provider = WorkflowsComposition.Build();
        Assert.Same(provider.GetRequiredService<ReplicaBatchRunner>(), provider.GetServices<IWorkRunner>().OfType<ReplicaBatchRunner>().Single());
    }

    [Fact]
    public void EveryStepActionThatAPlanCanName_IsRegistered()
    {
        using var provider = WorkflowsComposition.Build();
        var catalog = provider.GetRequiredService<StepActionCatalog>();
        var named = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var sample in Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "workflows", "samples"), "*.yaml"))
        {
            var cluster = ClusterDefinitionParser.ParseFile(sample).Definition;
            if (cluster is null)
            {
                continue;
            }

            foreach (var step in PlansOf(cluster, provider.GetServices<IProcedureDefinition>()))
            {
                named.Add(step.Action);
            }
        }

        Assert.NotEmpty(named);
        Assert.All(named, action => Assert.Equal(action, catalog.Get(action).Action));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TwoStepActionsWithOneName_FailAtStart_NamingBothTypes(bool serve)
    {
        await using var provider = WorkflowsComposition.Build(s => s.AddSingleton<IStepAction, SecondServiceStopAction>(), serve);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Start(provider, serve));
        Assert.Contains("step action 'service.stop'", e.Message, StringComparison.Ordinal);
        Assert.Contains(typeof(Resources.ServiceStopAction).FullName!, e.Message, StringComparison.Ordinal);
        Assert.Contains(typeof(SecondServiceStopAction).FullName!, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TwoProcedureKindsWithOneName_FailAtStart_NamingBothTypes(bool serve)
    {
        await using var provider = WorkflowsComposition.Build(s => s.AddSingleton<IProcedureDefinition, SecondSwitchoverProcedure>(), serve);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Start(provider, serve));
        Assert.Contains("procedure kind 'SWITCHOVER'", e.Message, StringComparison.Ordinal);
        Assert.Contains(typeof(Workflows.Switchover.SwitchoverProcedure).FullName!, e.Message, StringComparison.Ordinal);
        Assert.Contains(typeof(SecondSwitchoverProcedure).FullName!, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoRegistrationsInOneFolder_FailTheScan_NamingBoth()
    {
        var e = Assert.Throws<InvalidOperationException>(() => WorkflowDiscovery.Scan(typeof(WorkflowDiscoveryTests).Assembly));
        Assert.Contains(typeof(TwoRegistrations.FirstRegistration).FullName!, e.Message, StringComparison.Ordinal);
        Assert.Contains(typeof(TwoRegistrations.SecondRegistration).FullName!, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheScan_IsOrderedByFullName()
    {
        Assert.Equal(Found.StepActions.Select(t => t.FullName).Order(StringComparer.Ordinal), Found.StepActions.Select(t => t.FullName));
        Assert.Equal(Found.Procedures.Select(t => t.FullName).Order(StringComparer.Ordinal), Found.Procedures.Select(t => t.FullName));
    }

    /// <summary>What `serve` starts (the runtime), or what a command that launches and runs a procedure builds.</summary>
    private static Task Start(ServiceProvider provider, bool serve)
    {
        if (serve)
        {
            return provider.GetRequiredService<Host.Runtime.OrchestratorRuntime>().StartAsync(CancellationToken.None);
        }

        provider.GetRequiredService<Engine.Commands.ProcedureLauncher>();
        provider.GetRequiredService<ProcedureRunner>();
        return Task.CompletedTask;
    }

    /// <summary>Every plan a kind can build from the cluster: each hierarchy between each two of its nodes; the rolling update's own plans.</summary>
    private static IEnumerable<PlannedStep> PlansOf(Domain.Cluster.ClusterDefinition cluster, IEnumerable<IProcedureDefinition> definitions)
    {
        var now = DateTimeOffset.Parse("2026-12-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var h in cluster.Hierarchies)
        {
            var nodes = h.Priorities.Select(p => p.Node).ToList();
            foreach (var (source, target) in nodes.SelectMany(s => nodes.Where(t => t != s).Select(t => (s, t))))
            {
                foreach (var definition in definitions.Where(d => d.Kind != RollingUpdateProcedure.KindName))
                {
                    foreach (var step in definition.Plan(cluster, h, source, target))
                    {
                        yield return step;
                    }
                }

                foreach (var step in RollingUpdatePlan.TwoNode(cluster, h, source, target, "v2", now.AddHours(1), now)
                             .Concat(RollingUpdatePlan.TwoNode(cluster, h, source, target, "v2", null, now)))
                {
                    yield return step;
                }
            }
        }

        foreach (var step in RollingUpdatePlan.Cluster(cluster, cluster.Nodes.Select(n => n.Name).ToList(), "v2"))
        {
            yield return step;
        }
    }
}
