namespace Orchestrator.Testing;

/// <summary>
/// A fresh data directory (not yet created on disk) that deletes itself; runs CLI commands against it. After its first
/// successful `cluster apply` it sets the directory credentials (<see cref="TestDirectoryAccount"/>, through the real
/// `credentials set`), since every move needs them (S15) — unless <see cref="SetsDirectoryCredentials"/> is turned off.
/// </summary>
public sealed class TempDataDir : IDisposable
{
    private static readonly string Root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "orchestrator-tests");

    public TempDataDir()
    {
        Path = System.IO.Path.Combine(Root, Guid.NewGuid().ToString("N")[..12]);
    }

    public string Path { get; }

    /// <summary>Environment knobs passed to every command run here (e.g. ORCHESTRATOR_RETRY_BASE_MS).</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>A path next to the data directory (for YAML files), cleaned up with it.</summary>
    public string Sibling(string name)
    {
        var folder = Path + "-files";
        Directory.CreateDirectory(folder);
        return System.IO.Path.Combine(folder, name);
    }

    /// <summary>Whether the first successful `cluster apply` is followed by `credentials set` (a test of their absence turns it off).</summary>
    public bool SetsDirectoryCredentials { get; set; } = true;

    private bool _credentialsSet;

    public async Task<ProcessResult> RunAsync(params string[] arguments) =>
        await AfterApplyAsync(arguments, Environment, await OrchestratorProcess.RunAsync(WithDataDir(arguments), Environment).ConfigureAwait(false)).ConfigureAwait(false);

    public async Task<ProcessResult> RunWithAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        await AfterApplyAsync(arguments, Merge(environment), await OrchestratorProcess.RunAsync(WithDataDir(arguments), Merge(environment)).ConfigureAwait(false)).ConfigureAwait(false);

    /// <summary>Runs a command that reads <paramref name="standardInput"/> (a password prompt, say).</summary>
    public Task<ProcessResult> RunWithInputAsync(string standardInput, params string[] arguments) =>
        OrchestratorProcess.RunAsync(WithDataDir(arguments), Environment, standardInput: standardInput);

    public RunningOrchestrator Start(params string[] arguments) =>
        OrchestratorProcess.Start(WithDataDir(arguments), Environment);

    /// <summary>`cluster apply FILE`, asserted to succeed.</summary>
    public async Task ApplyAsync(string yaml) => (await RunAsync("cluster", "apply", yaml).ConfigureAwait(false)).ShouldExitWith(0);

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

    /// <summary>After the first successful `cluster apply`, the directory credentials (S15), as an operator sets them.</summary>
    private async Task<ProcessResult> AfterApplyAsync(string[] arguments, IReadOnlyDictionary<string, string> environment, ProcessResult result)
    {
        if (!SetsDirectoryCredentials || _credentialsSet || result.ExitCode != 0 || !TestDirectoryAccount.IsApply(arguments))
        {
            return result;
        }

        var set = await OrchestratorProcess.RunAsync(WithDataDir(TestDirectoryAccount.SetArguments), environment, standardInput: TestDirectoryAccount.Password + "\n").ConfigureAwait(false);
        if (set.ExitCode != 0)
        {
            throw new InvalidOperationException($"credentials set after cluster apply failed: {set.StdOut} {set.StdErr}");
        }

        _credentialsSet = true;
        return result;
    }

    private string[] WithDataDir(string[] arguments) => ["--data-dir", Path, .. arguments];

    private Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> extra)
    {
        var all = new Dictionary<string, string>(Environment, StringComparer.Ordinal);
        foreach (var (k, v) in extra)
        {
            all[k] = v;
        }

        return all;
    }
}
