using Microsoft.Extensions.Time.Testing;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Queries.GetProcedure;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Engine.Views;
using Orchestrator.Workflows;
using Orchestrator.Workflows.RollingUpdate;

namespace Orchestrator.Engine.Tests.RollingUpdates;

/// <summary>
/// An orchestrator on a fake clock running a rolling update: the test drives time forward (mirror resyncs, schedules)
/// while it samples where the hierarchy is in service and which phase the update is in.
/// </summary>
internal sealed class UpdateScenario
{
    public const string Package = "6.5.7638";

    public UpdateScenario(TestOrchestrator orchestrator, FakeTimeProvider clock)
    {
        Orchestrator = orchestrator;
        Clock = clock;
    }

    public TestOrchestrator Orchestrator { get; }

    public FakeTimeProvider Clock { get; }

    /// <summary>Phases seen while the hierarchy was in service nowhere, and how many separate outages there were.</summary>
    public List<string> PhasesWhileDown { get; } = [];

    public int Outages { get; private set; }

    public static async Task<UpdateScenario> StartAsync(string sample = "two-node-mirrored")
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 20, 0, 0, TimeSpan.Zero));
        var o = await TestOrchestrator.StartAsync(definitionYaml: Samples.Read(sample), time: clock);
        return new UpdateScenario(o, clock);
    }

    public async Task<long> StartUpdateAsync(DateTimeOffset? switchbackAt = null, string hierarchy = "exch1") =>
        (await Orchestrator.Mediator.Send(new StartRollingUpdateCommand(hierarchy, false, Package, switchbackAt, "tester"))).Id;

    public async Task<long> StartClusterUpdateAsync(int retries = 3, int maxFailed = 1) =>
        (await Orchestrator.Mediator.Send(new StartRollingUpdateCommand(null, true, Package, null, "tester", retries, maxFailed))).Id;

    public Task<ProcedureView> ViewAsync(long id) => Orchestrator.Mediator.Send(new GetProcedureQuery(id)).AsTask();

    /// <summary>
    /// Moves the fake clock forward (half a second per few real milliseconds) until <paramref name="until"/> holds,
    /// sampling the world: a sample where exch1 is in service nowhere records the update's phase around it.
    /// </summary>
    public async Task<ProcedureView> RunUntilAsync(long id, Func<ProcedureView, bool> until, string hierarchy = "exch1", TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        var wasDown = false;
        while (true)
        {
            var before = await ViewAsync(id);
            if (until(before))
            {
                return before;
            }

            var world = await Orchestrator.World.SnapshotAsync(CancellationToken.None);
            var after = await ViewAsync(id);
            var down = world.InServiceNodes(hierarchy).Count == 0;
            if (down)
            {
                PhasesWhileDown.Add($"{before.State}/{after.State}");
                if (!wasDown)
                {
                    Outages++;
                }
            }

            wasDown = down;
            Assert.True(DateTime.UtcNow < deadline, $"update #{id} still {after.State} at step {after.Steps.FirstOrDefault(s => s.Status != "done")?.Seq}: {after.Steps.FirstOrDefault(s => s.Status != "done")?.Description} ({after.Steps.FirstOrDefault(s => s.Status != "done")?.WaitingFor ?? after.LastError})");
            Clock.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Delay(3);
        }
    }

    /// <summary>The phase of the step an effect key ("procedure:step:generation") belongs to.</summary>
    public static string PhaseOf(ProcedureView procedure, string effectKey)
    {
        var parts = effectKey.Split(':');
        Assert.Equal(procedure.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), parts[0]);
        return procedure.Steps.Single(s => s.Seq == int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)).Phase;
    }

    public Task<ProcedureView> SettledAsync(long id) =>
        RunUntilAsync(id, v => !v.IsActive || v.State == ProcedureStates.WaitingForOperator);
}
