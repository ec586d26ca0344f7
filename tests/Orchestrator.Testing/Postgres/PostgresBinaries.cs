using System.Diagnostics;

namespace Orchestrator.Testing.Postgres;

/// <summary>
/// Where PostgreSQL's server programs (initdb, pg_ctl, postgres) are: <c>pg_config --bindir</c>, else the newest
/// /usr/lib/postgresql/*/bin (Debian's layout); only <see cref="Variable"/> when it is set. Null, with the reason, when
/// this machine has none.
/// </summary>
internal static class PostgresBinaries
{
    /// <summary>Names the directory of the binaries to use (another installation; a missing one shows the skip).</summary>
    public const string Variable = "ORCHESTRATOR_TEST_PG_BINDIR";

    public static (string? Directory, string? Missing) Find()
    {
        var chosen = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } dir ? dir : null;
        IEnumerable<string> candidates = chosen is not null ? [chosen] : [.. PgConfigBinDir() is { } fromPgConfig ? [fromPgConfig] : Array.Empty<string>(), .. DebianBinDirs()];
        var found = candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
        var searched = chosen is not null ? $"{Variable}={chosen}" : "pg_config --bindir, /usr/lib/postgresql/*/bin";
        return found is null
            ? (null, $"PostgreSQL's server binaries (initdb, pg_ctl) were not found ({searched}): install Debian's postgresql package (.ci/run does) to run the PostgreSQL tests")
            : (found, null);
    }

    private static IEnumerable<string> DebianBinDirs() => Directory.Exists("/usr/lib/postgresql")
        ? Directory.GetDirectories("/usr/lib/postgresql")
            .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
            .OrderByDescending(x => x.Version)
            .Select(x => x.Dir)
        : [];

    private static string? PgConfigBinDir()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pg_config", "--bindir") { RedirectStandardOutput = true, RedirectStandardError = true });
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 && output.Length > 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no pg_config on PATH
        }
    }
}
