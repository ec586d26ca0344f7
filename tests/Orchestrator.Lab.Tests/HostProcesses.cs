using System.Globalization;

namespace Orchestrator.Lab.Tests;

/// <summary>What the host's /proc says: which processes are in a network namespace, whose command line holds a text.</summary>
internal static class HostProcesses
{
    /// <summary>The identity (inode) of the network namespace a process is in, as its /proc/PID/ns/net link names it: "net:[N]".</summary>
    public static string? NetworkNamespaceOf(int pid)
    {
        try
        {
            return new FileInfo($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/ns/net").LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Every process of the host in one of <paramref name="namespaces"/> (identities as <see cref="NetworkNamespaceOf"/> gives them).</summary>
    public static IReadOnlyList<int> In(IReadOnlyCollection<string> namespaces) =>
        Pids().Where(pid => NetworkNamespaceOf(pid) is { } ns && namespaces.Contains(ns)).ToList();

    /// <summary>Every process of the host whose command line contains <paramref name="text"/>.</summary>
    public static IReadOnlyList<int> WithCommandLineContaining(string text) =>
        Pids().Where(pid => CommandLine(pid)?.Contains(text, StringComparison.Ordinal) == true).ToList();

    /// <summary>Every process of the host whose environment holds <paramref name="text"/> (Postfix's daemons: MAIL_CONFIG=DIR).</summary>
    public static IReadOnlyList<int> WithEnvironmentContaining(string text) =>
        Pids().Where(pid => Read($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/environ")?.Contains(text, StringComparison.Ordinal) == true).ToList();

    public static bool IsRunning(int pid) => Directory.Exists($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}") && !IsZombie(pid);

    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static string? CommandLine(int pid) => Read($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cmdline");

    private static string? Read(string file)
    {
        try
        {
            return File.ReadAllText(file).Replace('\0', ' ');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static IEnumerable<int> Pids() =>
        Directory.GetDirectories("/proc")
            .Select(Path.GetFileName)
            .Select(name => int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0 && pid != System.Environment.ProcessId);
}
