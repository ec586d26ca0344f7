namespace Orchestrator.Testing.Lab;

/// <summary>
/// Where the lab's programs are: on PATH or in /usr/sbin and /sbin (where Debian puts ip, named and tsig-keygen, not
/// always on a test runner's PATH). Null when this machine has none.
/// </summary>
internal static class LabTools
{
    private static readonly string[] SystemDirectories = ["/usr/sbin", "/sbin", "/usr/bin", "/bin"];

    public static string? Find(string program)
    {
        var path = Environment.GetEnvironmentVariable("PATH")?.Split(':', StringSplitOptions.RemoveEmptyEntries) ?? [];
        return path.Concat(SystemDirectories).Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);
    }

    /// <summary>The programs of <paramref name="programs"/> that are missing, with the Debian package that has each.</summary>
    public static string? Missing(params (string Program, string Package)[] programs)
    {
        var missing = programs.Where(p => Find(p.Program) is null).ToList();
        return missing.Count == 0
            ? null
            : $"{string.Join(", ", missing.Select(m => m.Program))} not found: install Debian's {string.Join(" ", missing.Select(m => m.Package).Distinct())} (.ci/run does, as root)";
    }
}
