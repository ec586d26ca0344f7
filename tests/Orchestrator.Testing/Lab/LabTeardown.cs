using System.Diagnostics;

namespace Orchestrator.Testing.Lab;

/// <summary>
/// Tears a lab down by its prefix — the one being disposed, or a stale one whose test process died: every process in
/// its namespaces killed (bounded), then the bridge's links, the namespaces and the work directory deleted.
/// </summary>
internal static class LabTeardown
{
    public static string WorkDirectoryOf(string prefix) => Path.Combine(Path.GetTempPath(), prefix);

    /// <summary>The directory whose files <c>ip netns exec</c> binds over /etc's in namespace <paramref name="ns"/> (resolv.conf).</summary>
    public static string NetnsEtcOf(string ns) => Path.Combine(NetnsEtc, ns);

    private const string NetnsEtc = "/etc/netns";

    /// <summary>
    /// Tears down (under the registry's lock) the labs whose owner is dead, and namespaces named like a lab's that no
    /// live entry owns (left by a process killed while tearing its lab down); returns the live entries.
    /// </summary>
    public static async Task<IReadOnlyList<LabRegistry.Entry>> RemoveStaleAsync(IReadOnlyList<LabRegistry.Entry> entries)
    {
        var live = entries.Where(e => e.Owner is { IsAlive: true }).ToList();
        var stale = entries.Select(e => e.Prefix)
            .Concat((await NamespacesAsync().ConfigureAwait(false)).Select(PrefixOf).OfType<string>())
            .Where(p => live.All(e => e.Prefix != p))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        foreach (var prefix in stale)
        {
            var errors = new List<string>();
            await TearDownAsync(prefix, errors).ConfigureAwait(false);
            if (errors.Count == 0)
            {
                LabRegistry.Remove(prefix);
            }
        }

        return live;
    }

    private static string? PrefixOf(string ns)
    {
        var length = LabRegistry.PrefixStart.Length + 6;
        return ns.StartsWith(LabRegistry.PrefixStart, StringComparison.Ordinal) && ns.Length > length && ns[length] == '-' ? ns[..length] : null;
    }

    private static async Task<IReadOnlyList<string>> NamespacesAsync()
    {
        var list = await LabCommand.RunAsync("ip", ["netns", "list"], LabNetwork.SetupStepTimeout).ConfigureAwait(false);
        return list.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ')[0])
            .ToList();
    }

    /// <summary>
    /// Every process in the namespaces of <paramref name="prefix"/> killed (bounded), then the bridge's links, the
    /// namespaces and the work directory deleted. What could not be done goes to <paramref name="errors"/>.
    /// </summary>
    public static async Task TearDownAsync(string prefix, List<string> errors)
    {
        var namespaces = (await NamespacesAsync().ConfigureAwait(false)).Where(ns => PrefixOf(ns) == prefix).ToList();
        var identities = new HashSet<string>(StringComparer.Ordinal);
        foreach (var ns in namespaces)
        {
            // "net:[INODE]", as /proc/PID/ns/net names it: processes are then found in /proc by the test process itself (an
            // `ip netns pids` that timed out under load read as "none left"), and found again after the names are gone.
            var stat = await LabCommand.RunAsync("stat", ["-L", "-c", "%i", Path.Combine("/run/netns", ns)], LabNetwork.SetupStepTimeout).ConfigureAwait(false);
            if (stat.ExitCode == 0)
            {
                identities.Add($"net:[{stat.StandardOutput.Trim()}]");
            }
            else if (File.Exists(Path.Combine("/run/netns", ns)))
            {
                errors.Add($"namespace {ns}: its identity could not be read ({stat.Output.Trim()})");
                return; // left for the next lab, rather than deleted under processes not looked for
            }
        }

        if (!await KillAllInAsync(identities, prefix, errors).ConfigureAwait(false))
        {
            return; // a namespace deleted under a live process would outlive its name: left for the next lab
        }

        await LabClusterLabs.ReleaseAsync(prefix, errors).ConfigureAwait(false); // its volume's mounts and loop device, the system main.cf
        var bridge = $"{prefix}-{LabNetwork.BridgeMachine}";
        if (namespaces.Contains(bridge))
        {
            foreach (var link in (string[])[.. LabNode.All, LabNetwork.Bridge])
            {
                await LabCommand.RunAsync("ip", ["-n", bridge, "link", "del", link], LabNetwork.SetupStepTimeout).ConfigureAwait(false); // absent: already gone
            }
        }

        foreach (var ns in namespaces)
        {
            var deleted = await LabCommand.RunAsync("ip", ["netns", "del", ns], LabNetwork.SetupStepTimeout).ConfigureAwait(false);
            if (deleted.ExitCode != 0)
            {
                errors.Add($"ip netns del {ns}: {deleted.Output.Trim()}");
            }
        }

        // A process that entered a namespace after the sweep above (a test's starter still running) keeps the namespace
        // alive under no name: killed here, it goes with it.
        await KillAllInAsync(identities, prefix, errors).ConfigureAwait(false);

        foreach (var etc in Directory.Exists(NetnsEtc) ? Directory.GetDirectories(NetnsEtc, prefix + "-*") : [])
        {
            try
            {
                Directory.Delete(etc, recursive: true);
            }
            catch (IOException e)
            {
                errors.Add($"{etc}: {e.Message}");
            }
        }

        try
        {
            if (Directory.Exists(WorkDirectoryOf(prefix)))
            {
                Directory.Delete(WorkDirectoryOf(prefix), recursive: true);
            }
        }
        catch (IOException e)
        {
            errors.Add($"{WorkDirectoryOf(prefix)}: {e.Message}");
        }
    }

    /// <summary>Kills every process in the namespaces <paramref name="identities"/> until none is left (bounded); false, with an error, when some survive.</summary>
    private static async Task<bool> KillAllInAsync(IReadOnlySet<string> identities, string prefix, List<string> errors)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var pids = ProcessesIn(identities);
            if (pids.Count == 0)
            {
                return true;
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(10))
            {
                errors.Add($"processes {string.Join(' ', pids)} still in {prefix}'s namespaces after SIGKILL");
                return false;
            }

            await LabCommand.RunAsync("kill", ["-KILL", .. pids], LabNetwork.SetupStepTimeout).ConfigureAwait(false);
            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    /// <summary>The host's processes whose network namespace is one of <paramref name="identities"/> (zombies included: they are gone once reaped).</summary>
    private static List<string> ProcessesIn(IReadOnlySet<string> identities)
    {
        var pids = new List<string>();
        if (identities.Count == 0)
        {
            return pids;
        }

        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            var pid = Path.GetFileName(dir);
            if (pid.Length == 0 || !pid.All(char.IsAsciiDigit))
            {
                continue;
            }

            try
            {
                if (new FileInfo(Path.Combine(dir, "ns", "net")).LinkTarget is { } ns && identities.Contains(ns))
                {
                    pids.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // gone meanwhile
            }
        }

        return pids;
    }
}
