namespace Orchestrator.Dashboard.Tests.Infrastructure;

/// <summary>
/// A running serve on two-node.yaml with a second hierarchy (exch2), after `switchover exch1 --to node2 --wait`
/// (procedure #1) and `switchover exch2 --to node2 --wait` (procedure #2): finished procedures and audit rows of two
/// hierarchies to look at.
/// </summary>
public sealed class MovedClusterFixture : IAsyncLifetime
{
    private readonly TempDataDir _dir = new();
    private ServeProcess? _serve;

    public ServeProcess Serve => _serve ?? throw new InvalidOperationException("serve is not started");

    public TempDataDir Dir => _dir;

    public async Task InitializeAsync()
    {
        await _dir.ApplyAsync(Samples.TwoNodeTwoHierarchies(_dir));
        _serve = await ServeProcess.StartAsync(_dir);
        (await _dir.RunAsync("switchover", "exch1", "--to", "node2", "--wait", "--reason", "patch night")).ShouldExitWith(0);
        (await _dir.RunAsync("switchover", "exch2", "--to", "node2", "--wait")).ShouldExitWith(0);
    }

    public async Task DisposeAsync()
    {
        if (_serve is not null)
        {
            await _serve.DisposeAsync();
        }

        _dir.Dispose();
    }
}
