using System.Diagnostics;

namespace Orchestrator.Dashboard.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium, which the browser tests drive through Playwright (no `playwright install`: nothing is downloaded
/// but the distribution's package). When /usr/bin/chromium is missing and the tests run as root (as CI does), it is
/// installed with apt-get, once per test run.
/// </summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly Lazy<Task> Installed = new(InstallAsync);

    public static Task EnsureInstalledAsync() => Installed.Value;

    private static async Task InstallAsync()
    {
        if (File.Exists(ExecutablePath))
        {
            return;
        }

        if (!OperatingSystem.IsLinux() || System.Environment.UserName != "root")
        {
            throw new InvalidOperationException(
                $"{ExecutablePath} is missing: the dashboard's browser tests drive Debian's Chromium. Install it with `sudo apt-get install -y chromium` (bash .ci/run does, as root).");
        }

        foreach (var args in new[] { "update", "install -y chromium" })
        {
            var info = new ProcessStartInfo("apt-get", args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.Environment["DEBIAN_FRONTEND"] = "noninteractive";
            using var apt = Process.Start(info) ?? throw new InvalidOperationException("could not run apt-get");
            var output = apt.StandardOutput.ReadToEndAsync();
            var errors = apt.StandardError.ReadToEndAsync();
            await apt.WaitForExitAsync();
            if (apt.ExitCode != 0)
            {
                throw new InvalidOperationException($"`apt-get {args}` failed (exit {apt.ExitCode}):\n{await output}\n{await errors}");
            }
        }

        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"apt-get installed chromium but {ExecutablePath} is still missing");
        }
    }
}
