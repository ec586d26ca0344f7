namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// Issue 13's storm: `serve` runs without tiered compilation (its CPU goes to the work, not to re-compiling it): on Linux it
/// re-executes itself at once, the same process, with DOTNET_TieredCompilation=0; an operator's own setting is kept.
/// </summary>
public sealed class ServeJitModeTests
{
    [SkippableTheory]
    [InlineData("", "0")] // unset: the product's default
    [InlineData("1", "1")] // the operator's choice stands
    public async Task Serve_RunsWithoutTieredCompilation_InTheSameProcess_UnlessTheOperatorSaysOtherwise(string given, string expected)
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "serve re-executes itself on Linux only");
        using var dir = new TempDataDir();
        (await dir.RunAsync("cluster", "apply", Samples.TwoNode)).ShouldExitWith(0);
        using var serve = OrchestratorProcess.Start(
            ["--data-dir", dir.Path, "serve", "--no-dashboard"], new Dictionary<string, string> { [OrchestratorProcess.TieredCompilation] = given });

        Assert.True(await serve.WaitForOutputAsync("serving ", TimeSpan.FromSeconds(60)), $"stdout: {serve.StdOutSoFar} stderr: {serve.StdErrSoFar}");
        var environment = File.ReadAllText($"/proc/{serve.Id}/environ").Split('\0'); // the process we started, by its id
        Assert.Contains($"{OrchestratorProcess.TieredCompilation}={expected}", environment);
        Assert.Contains($"(pid {serve.Id})", serve.StdOutSoFar, StringComparison.Ordinal);
        (await serve.StopAsync(TimeSpan.FromSeconds(20))).ShouldExitWith(0);
    }
}
