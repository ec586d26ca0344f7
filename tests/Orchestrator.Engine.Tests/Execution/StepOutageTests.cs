using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;

namespace Orchestrator.Engine.Tests.Execution;

/// <summary>
/// Issue 13, "Database restart", with the simulated world in the database: a step whose action fails because the
/// orchestrator's database is out of reach has not failed — it is given back without spending an attempt and runs again
/// when the database answers, however long the outage (more failed calls than the attempts allowed).
/// </summary>
public sealed class StepOutageTests
{
    [Fact]
    public async Task AnActionThatCannotReachTheDatabase_SpendsNoAttempt_AndTheProcedureCompletesAfterTheOutage()
    {
        var options = TestOrchestrator.FastRetries(); // 3 attempts
        var outage = new OutageAtThePortEdge { Remaining = options.MaxAttempts + 2 };
        await using var o = await TestOrchestrator.StartAsync(engine: options,
            configure: s => s.AddSingleton<IServiceControl>(sp => outage.Over(sp.GetRequiredService<SimulatedWorld>())));

        var started = await o.SwitchoverAsync("node2");
        var view = await o.SettledAsync(started.Id, TimeSpan.FromSeconds(30));

        Assert.True(view.State == ProcedureStates.Completed, $"{view.State}: {view.LastError}");
        Assert.True(outage.Remaining < 0, "every outage call was made");
        var steps = await o.Store.GetStepsAsync(started.Id, CancellationToken.None);
        Assert.All(steps, s => Assert.True(s.Attempts <= 1, $"step {s.Seq} ({s.Action} {s.Target}) spent {s.Attempts} attempts on an outage"));
    }
}
