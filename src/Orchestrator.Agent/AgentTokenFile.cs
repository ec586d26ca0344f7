namespace Orchestrator.Agent;

/// <summary>
/// Reads the shared token from its file: one line, readable by its owner only (a file group or others can read is
/// refused with the fix). The token is never logged or answered.
/// </summary>
public static class AgentTokenFile
{
    private const UnixFileMode GroupOrOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public static string Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new AgentConfigurationException($"--token-file {full}: no such file; write the shared token on one line there (chmod 600 {full})");
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(full) & GroupOrOthers) != 0)
        {
            throw new AgentConfigurationException($"--token-file {full} can be read by group or others; make it the owner's only: chmod 600 {full}");
        }

        var token = File.ReadAllText(full).Trim();
        return token.Length == 0
            ? throw new AgentConfigurationException($"--token-file {full} is empty; write the shared token on one line there")
            : token;
    }
}
