using System.Globalization;
using System.Net;

namespace Orchestrator.Testing.Lab;

/// <summary>
/// The cluster file of a <see cref="LabCluster"/> (<c>environment: agents</c>, modelled on workflows/samples/lab-agents.yaml):
/// node1 and node2 with their agent's URL on the lab's one network (one path), a fence script each, and the hierarchy
/// exch1 with the built-in kinds — ip: the switchable mail address on lab0; volume: the mail volume's directory
/// (lock-file mode); service: Postfix's master daemon in the foreground (<c>master -c DIR</c>, supervised: what
/// <c>postfix start-fg</c> runs, without its shell — the master makes itself a session leader, so stopping the shell's
/// process group would leave it running; DIR is the same path on every node, each node's agent seeing its own instance's
/// directory there); dns: the A record of the mail name, signed with the lab DNS's TSIG key file.
/// </summary>
internal static class LabClusterFile
{
    public static string Write(
        LabNetwork lab, LabDns dns, LabMail mail, IReadOnlyList<string> nodes, string tokenFile, Func<string, string> fenceScript, string nodeDirectory, string master,
        int monitorIntervalSeconds, bool automaticFailover)
    {
        var text = new System.Text.StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"""
            # The lab's cluster ({lab.Prefix}), written by LabCluster: each node acted on through its agent.
            cluster: lab-mail
            environment: agents
            settings:
              maxwait: 60
              automatic-failover: {(automaticFailover ? "true" : "false")}
              switchback: intelligent
              monitor-interval: {monitorIntervalSeconds}
              failure-threshold: 2
            nodes:

            """);
        foreach (var node in nodes)
        {
            var address = lab.Address(node);
            text.Append(CultureInfo.InvariantCulture, $"""
                  - name: {node}
                    address: {address}/24
                    agent:
                      urls: [{AgentUrl(address)}]
                      token-file: {tokenFile}
                    fence: {fenceScript(node)}

                """);
        }

        text.Append(CultureInfo.InvariantCulture, $"""
            paths:
              - between: [{string.Join(", ", nodes)}]
                kind: tcp
            hierarchies:
              - name: {LabCluster.Hierarchy}
                mode: active-standby
                application:
                  name: MAIL1
                  optional-services: []
                  services:
                    - name: postfix
                      maxwait: 30
                      command: {master}
                      args: [-c, {Path.Combine(nodeDirectory, "conf")}]
                      pidfile: {Path.Combine(nodeDirectory, "postfix.pid")}
                volumes:
                  - name: mail
                    role: database
                    directory: {mail.Volume.Path}
                ip:
                  address: {mail.Address}/24
                  interface: {LabNetwork.Interface}
                dns:
                  - type: A
                    name: {LabDns.MailName}
                    server: {dns.Address}
                    zone: {LabDns.Zone}
                    key-file: {dns.KeyFile}
                priorities:

            """);
        for (var i = 0; i < nodes.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"      {nodes[i]}: {(i == 0 ? 1 : i * 10)}\n");
        }

        return text.ToString();
    }

    public static string AgentUrl(IPAddress address) => string.Create(CultureInfo.InvariantCulture, $"http://{address}:{LabCluster.AgentPort}");
}
