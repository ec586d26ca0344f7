using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// A Release build on Linux x64 gives the tests a ReadyToRun-compiled CLI (Orchestrator.Cli.csproj): orchestrator.dll and the
/// assemblies it loads, ours and the packages', carry native code, so the thousands of CLI processes the suite starts JIT
/// little. Debug builds and other machines run plain IL, and these tests are skipped there.
/// </summary>
public sealed class CliReadyToRunTests
{
    [SkippableTheory]
    [InlineData("orchestrator.dll")]
    [InlineData("Orchestrator.Engine.dll")]
    [InlineData("Orchestrator.Host.dll")]
    [InlineData("System.CommandLine.dll")]
    [InlineData("Hangfire.Core.dll")]
    [InlineData("Npgsql.dll")]
    public void TheCliTheTestsRun_IsReadyToRunCompiled_InRelease_OnLinuxX64(string assembly)
    {
        Skip.If(IsDebugBuild, "a Debug build runs the CLI as plain IL (only Release builds make the ReadyToRun copy)");
        Skip.IfNot(
            OperatingSystem.IsLinux() && RuntimeInformation.OSArchitecture == Architecture.X64,
            $"the ReadyToRun CLI is built on Linux x64 only (this is {RuntimeInformation.OSDescription}, {RuntimeInformation.OSArchitecture})");

        var path = Path.Combine(Path.GetDirectoryName(OrchestratorProcess.CliPath)!, assembly);
        Assert.True(File.Exists(path), $"{path} is missing");
        using var stream = File.OpenRead(path);
        using var reader = new PEReader(stream);
        var cor = reader.PEHeaders.CorHeader;
        Assert.True(cor is not null, $"{path} is not a .NET assembly");
        Assert.True(cor.ManagedNativeHeaderDirectory.Size > 0, $"{path} has no ReadyToRun code (the tests run {OrchestratorProcess.CliPath})");
    }

#if DEBUG
    private const bool IsDebugBuild = true;
#else
    private const bool IsDebugBuild = false;
#endif
}
