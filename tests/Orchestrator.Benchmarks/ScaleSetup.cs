using System.Globalization;
using Orchestrator.Testing;

namespace Orchestrator.Benchmarks;

/// <summary>
/// Prepares a data directory with a generated cluster (<see cref="ScaleDefinition"/>) through the real CLI:
/// <c>cluster validate</c>, then <c>cluster apply</c>, each within a time limit. Untimed set-up of the
/// CLI-process benchmarks (idle, status); returns null (after printing why) when it could not be done in time.
/// </summary>
internal static class ScaleSetup
{
    public static async Task<string?> PrepareAsync(string directory, int hierarchies, int nodes, int backups, bool automaticFailover, TimeSpan applyLimit, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        Directory.CreateDirectory(directory);
        var definition = ScaleDefinition.Write(directory, hierarchies, nodes, backups, automaticFailover);
        var validate = await OrchestratorProcess.RunAsync(["--data-dir", directory, "cluster", "validate", definition], timeout: TimeSpan.FromSeconds(60), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!validate.Succeeded)
        {
            Console.WriteLine($"set-up      cluster validate of the generated definition: {validate.Describe()}");
            return null;
        }

        var apply = await OrchestratorProcess.RunAsync(["--data-dir", directory, "cluster", "apply", definition], timeout: applyLimit, cancellationToken: cancellationToken).ConfigureAwait(false);
        Console.WriteLine(string.Create(inv, $"set-up      {hierarchies:N0} hierarchies on {nodes} nodes ({backups} backup-only) validated; cluster apply (untimed set-up): {apply.Describe()}"));
        if (!apply.Succeeded)
        {
            return null;
        }

        // S15: every move (the idle run's failovers included) needs the directory account.
        var credentials = await OrchestratorProcess.RunAsync(["--data-dir", directory, .. TestDirectoryAccount.SetArguments], timeout: TimeSpan.FromSeconds(60),
            standardInput: TestDirectoryAccount.Password + "\n", cancellationToken: cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"set-up      credentials set: {credentials.Describe()}");
        return credentials.Succeeded ? definition : null;
    }
}
