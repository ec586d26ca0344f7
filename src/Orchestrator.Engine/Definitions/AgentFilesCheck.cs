using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Validation;

namespace Orchestrator.Engine.Definitions;

/// <summary>
/// Issue 14: the files an agents cluster names, checked when the file is validated or applied (the I/O the pure rules
/// leave out): each node's token file must exist and be readable by its owner only. Only the file's mode is read, never
/// its content.
/// </summary>
internal static class AgentFilesCheck
{
    private const UnixFileMode OthersCanRead = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    public static IReadOnlyList<ValidationError> Check(ClusterDefinition definition)
    {
        var errors = new List<ValidationError>();
        if (definition.Environment != ClusterEnvironment.Agents)
            return errors;
        foreach (var node in definition.Nodes)
        {
            if (node.Agent is not { TokenFile.Length: > 0 } agent || !Path.IsPathFullyQualified(agent.TokenFile))
                continue;
            if (!File.Exists(agent.TokenFile))
            {
                errors.Add(new ValidationError(agent.TokenFileLocation, $"The token file {agent.TokenFile} of node {FileText.Quote(node.Name)} does not exist.",
                    $"Write the agent's token into {agent.TokenFile} (e.g. 'openssl rand -hex 32 > {agent.TokenFile}; chmod 600 {agent.TokenFile}'), or correct the path."));
            }
            else if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(agent.TokenFile) & OthersCanRead) != 0)
            {
                errors.Add(new ValidationError(agent.TokenFileLocation, $"The token file {agent.TokenFile} of node {FileText.Quote(node.Name)} can be read or written by others than its owner.",
                    $"Restrict it to its owner: 'chmod 600 {agent.TokenFile}'."));
            }
        }

        return errors;
    }
}
