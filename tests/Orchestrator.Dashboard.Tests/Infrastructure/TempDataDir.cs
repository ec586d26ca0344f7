namespace Orchestrator.Dashboard.Tests.Infrastructure;

/// <summary>A fresh data directory (not yet created on disk) that deletes itself; runs CLI commands against it.</summary>
public sealed class TempDataDir : IDisposable
{
    private static readonly string Root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "orchestrator-dashboard-tests");

    public TempDataDir()
    {
        Path = System.IO.Path.Combine(Root, Guid.NewGuid().ToString("N")[..12]);
    }

    public string Path { get; }

    /// <summary>A path next to the data directory (for YAML files), cleaned up with it.</summary>
    public string Sibling(string name)
    {
        var folder = Path + "-files";
        Directory.CreateDirectory(folder);
        return System.IO.Path.Combine(folder, name);
    }

    public Task<ProcessResult> RunAsync(params string[] arguments) => OrchestratorProcess.RunAsync(WithDataDir(arguments));

    public Task<ProcessResult> RunWithInputAsync(string standardInput, params string[] arguments) =>
        OrchestratorProcess.RunAsync(WithDataDir(arguments), standardInput);

    public RunningOrchestrator Start(params string[] arguments) => OrchestratorProcess.Start(WithDataDir(arguments));

    public async Task ApplyAsync(string yaml) => (await RunAsync("cluster", "apply", yaml)).ShouldExitWith(0);

    public void Dispose()
    {
        foreach (var folder in new[] { Path, Path + "-files" })
        {
            try
            {
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
            catch (IOException)
            {
                // a killed child may still hold a file for a moment; the OS temp cleaner gets it
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private string[] WithDataDir(string[] arguments) => ["--data-dir", Path, .. arguments];
}
