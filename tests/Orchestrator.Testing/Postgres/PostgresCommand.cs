using System.Diagnostics;

namespace Orchestrator.Testing.Postgres;

/// <summary>
/// Runs one of PostgreSQL's programs to its end. PostgreSQL refuses to run as root: a root process runs it as the
/// <c>postgres</c> user through <c>runuser -u postgres --</c>.
/// </summary>
internal static class PostgresCommand
{
    public const string ServiceUser = "postgres";

    public static bool AsServiceUser => Environment.IsPrivilegedProcess;

    public static async Task<(int ExitCode, string Output)> RunAsync(string program, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var start = AsServiceUser ? new ProcessStartInfo("runuser") : new ProcessStartInfo(program);
        if (AsServiceUser)
        {
            foreach (var a in new[] { "-u", ServiceUser, "--", program })
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.Environment["LC_ALL"] = "C";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(program)} did not finish within {timeout.TotalSeconds:0} s");
        }

        return (process.ExitCode, (await stdout.ConfigureAwait(false)) + (await stderr.ConfigureAwait(false)));
    }

    /// <summary>Gives <paramref name="directory"/> (recursively) to the service user, when the programs run as that user.</summary>
    public static async Task HandOverAsync(string directory)
    {
        if (!AsServiceUser)
        {
            return;
        }

        var start = new ProcessStartInfo("chown") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-R", $"{ServiceUser}:", directory })
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start chown");
        var error = await process.StandardError.ReadToEndAsync().ConfigureAwait(false);
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"chown of {directory} to the {ServiceUser} user failed (PostgreSQL refuses to run as root): {error.Trim()}");
        }
    }
}
