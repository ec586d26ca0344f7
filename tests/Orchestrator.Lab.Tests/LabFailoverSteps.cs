using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Orchestrator.Testing;
using Orchestrator.Testing.Lab;

namespace Orchestrator.Lab.Tests;

/// <summary>What the failover tests do to the lab and read of it, with the built-in kinds or ClusterLabs' agents alike.</summary>
internal static class LabFailoverSteps
{
    /// <summary>What the fence script does, done first by the test: every process of the node's namespace killed, its link down.</summary>
    public static async Task KillNodeAsync(LabNetwork lab, string node)
    {
        var ns = lab.Namespace(node);
        var killed = await LabCommand.RunAsync("sh", ["-c", $"ip netns pids {ns} | xargs -r kill -9; ip -n {ns} link set {LabNetwork.Interface} down"], TimeSpan.FromSeconds(10));
        Assert.True(killed.ExitCode == 0, $"killing {node} failed: {killed.StandardError}");
        lab.Record($"{node} killed: every process of {ns} (SIGKILL), {LabNetwork.Interface} down");
    }

    /// <summary>
    /// The mail in service on <paramref name="node"/> after a failover: the address held there, Postfix listening there, the
    /// name answering its address (the dead node's namespace still lists the address on its downed link: it is not asked).
    /// </summary>
    public static async Task WaitInServiceOnAsync(LabCluster cluster, LabNetwork lab, LabMail mail, string node, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        var seen = "";
        while (clock.Elapsed < within)
        {
            var addr = await LabCommand.RunAsync("ip", ["-n", lab.Namespace(node), "-o", "addr", "show", "dev", LabNetwork.Interface], TimeSpan.FromSeconds(10));
            var holds = addr.StandardOutput.Contains($" {mail.Address}/", StringComparison.Ordinal);
            var listens = (await cluster.SmtpListenersAsync()).Contains(node);
            var answers = await cluster.Dns.ResolveAsync(LabNode.Client, LabDns.MailName);
            seen = $"address on {node}: {holds}, smtp listening there: {listens}, {LabDns.MailName} = [{string.Join(", ", answers)}]";
            if (holds && listens && answers.SequenceEqual([lab.Address(node)]))
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"the mail is not in service on {node} within {within.TotalSeconds:0} s: {seen}");
    }

    public static async Task<JsonElement> WaitForFailoverAsync(LabCluster cluster, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        JsonElement? last = null;
        while (clock.Elapsed < within)
        {
            var listed = await cluster.RunAsync("procedures", "list", "--hierarchy", LabCluster.Hierarchy, "--json");
            listed.ShouldExitWith(0);
            var failover = JsonDocument.Parse(listed.StdOut).RootElement.GetProperty("procedures").EnumerateArray()
                .Where(p => string.Equals(p.GetProperty("kind").GetString(), "failover", StringComparison.OrdinalIgnoreCase))
                .Select(p => (JsonElement?)p.Clone())
                .FirstOrDefault();
            if (failover is { } found)
            {
                last = found;
                if (!found.GetProperty("isActive").GetBoolean() || found.GetProperty("state").GetString() == "WaitingForOperator")
                {
                    return found;
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"no failover ended within {within.TotalSeconds:0} s: {last?.ToString() ?? "none started"}");
    }

    public static async Task<IReadOnlyList<JsonElement>> AuditAsync(LabCluster cluster, long procedure)
    {
        var listed = await cluster.RunAsync("audit", "list", "--procedure", procedure.ToString(CultureInfo.InvariantCulture), "--limit", "500", "--json");
        listed.ShouldExitWith(0);
        return JsonDocument.Parse(listed.StdOut).RootElement.EnumerateArray().Select(r => r.Clone()).OrderBy(Sequence).ToList();
    }

    public static long Sequence(JsonElement row) => row.GetProperty("id").GetInt64();
}
