using Orchestrator.Testing;

namespace Orchestrator.Environment.Agents.Tests.Support;

/// <summary>
/// What the meta-data tests put in a cluster file: ClusterLabs' agents (Debian's resource-agents, skipped when absent),
/// lab-agents.yaml with its postfix service turned into a script resource, and OCF scripts written by the test.
/// </summary>
public static class MetadataSamples
{
    public const string Heartbeat = "/usr/lib/ocf/resource.d/heartbeat";

    public const string NoResourceAgents = "ClusterLabs' resource-agents are not installed here (/usr/lib/ocf/resource.d/heartbeat; apt-get install resource-agents)";

    public static string ClusterLabsPath => System.IO.Path.Combine(Samples.RepoRoot, "workflows", "samples", "lab-agents-clusterlabs.yaml");

    public static bool ResourceAgentsInstalled => File.Exists(System.IO.Path.Combine(Heartbeat, "IPaddr2"));

    /// <summary>lab-agents.yaml with its postfix service run by <paramref name="script"/> with the (flow-mapping) <paramref name="parameters"/>.</summary>
    public static string WithScriptService(string script, string parameters)
    {
        const string Service = "          command: /usr/lib/postfix/sbin/master\n          args: [-c, /etc/postfix]\n          pidfile: /run/orchestrator/postfix.pid\n";
        var text = LabAgentsSample.Text;
        Assert.Contains(Service, text);
        return text.Replace(Service, $"          script: {script}\n          params: {parameters}\n", StringComparison.Ordinal);
    }

    /// <summary>An OCF agent whose meta-data declares 'config' (string, required) and 'port' (integer); every other action answers 7.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static string WriteAgent(ScratchDirectory scratch) => scratch.Script("labapp", """
        case "$1" in
        meta-data) cat <<'XML'
        <?xml version="1.0"?>
        <resource-agent name="labapp" version="1.0">
        <version>1.0</version>
        <parameters>
        <parameter name="config" required="1"><shortdesc lang="en">configuration file</shortdesc><content type="string"/></parameter>
        <parameter name="port" required="0"><shortdesc lang="en">port it listens on</shortdesc><content type="integer" default="25"/></parameter>
        </parameters>
        <actions><action name="start" timeout="20s"/><action name="stop" timeout="20s"/><action name="monitor" timeout="20s"/><action name="meta-data" timeout="5s"/></actions>
        </resource-agent>
        XML
        exit 0;;
        *) exit 7;;
        esac
        """);
}
