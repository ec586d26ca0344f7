using System.Net;
using Orchestrator.Node.Commands;
using Orchestrator.Node.Ocf;

namespace Orchestrator.Node.Kinds;

/// <summary>
/// A probe, not a resource (<c>reach</c>): whether an address answers from this node, so a switchable address is judged
/// from another node than its owner (issue 14 point 3). Parameters <c>address</c> (an IP, a prefix length is ignored) and
/// optionally <c>interface</c>. Monitor: <c>ping -c 1 -W 1 ADDR</c>, or <c>arping -c 1 -w 1 -I IF ADDR</c> when an interface
/// is given: 0 when it answered, 7 (not running) when it did not or the network is unreachable from here, 1 when the probe
/// itself could not run. Start and stop do nothing (unimplemented): a probe has no effect, so it needs no effect key and
/// leaves no row in the agent's ledger.
/// </summary>
public sealed class ReachKind(NodeKindOptions options) : IResourceKind
{
    internal static readonly OcfMetadata Metadata = new(
        "reach",
        [
            new OcfParameter("address", true, "string", null, "the address that must answer from this node, e.g. 198.18.7.50"),
            new OcfParameter("interface", false, "string", null, "probe with ARP on this interface (arping) instead of ICMP (ping)"),
        ],
        ["monitor", "meta-data"]);

    private readonly CommandRunner _runner = new(options.CommandPrefix);

    public string Kind => "reach";

    public async Task<ResourceResult> RunAsync(ResourceSpec resource, ResourceVerb verb, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (verb == ResourceVerb.MetaData)
        {
            return new ResourceResult(OcfExit.Success, Metadata.ToXml());
        }

        if (verb != ResourceVerb.Monitor)
        {
            return resource.Unimplemented(verb);
        }

        if (resource.Optional("address") is not { } given)
        {
            return resource.Missing("address");
        }

        var host = given.Split('/', 2)[0];
        if (!IPAddress.TryParse(host, out _))
        {
            return resource.Invalid("address", $"is '{given}', not an IP address");
        }

        var device = resource.Optional("interface");
        var command = device is null
            ? new ExternalCommand("ping", ["-n", "-c", "1", "-W", "1", host])
            : new ExternalCommand("arping", ["-c", "1", "-w", "1", "-I", device, host]);
        var probe = await _runner.RunAsync(command, timeout, cancellationToken).ConfigureAwait(false);
        var how = device is null ? "ping" : $"arping on {device}";
        return probe switch
        {
            { Succeeded: true } => new ResourceResult(OcfExit.Success, $"{host} answers {how} from {options.NodeName}"),
            { ExitCode: 1 } or { ExitCode: 2 } when device is null => new ResourceResult(OcfExit.NotRunning, $"{host} does not answer {how} from {options.NodeName} ({probe.Describe()})"),
            { ExitCode: 1 } => new ResourceResult(OcfExit.NotRunning, $"{host} does not answer {how} from {options.NodeName}"),
            _ => new ResourceResult(OcfExit.GenericError, $"{how} {host} from {options.NodeName} could not probe: {probe.Describe()}"),
        };
    }
}
