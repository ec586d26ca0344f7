using System.Net;
using Orchestrator.Node.Commands;
using Orchestrator.Node.Ocf;

namespace Orchestrator.Node.Kinds;

/// <summary>
/// A switchable address (<c>ip</c>): parameters <c>address</c> (CIDR, e.g. 198.18.7.50/24) and <c>interface</c>. Start:
/// <c>ip addr add</c> then one gratuitous ARP (<c>arping -U -c 1 -w 0 -I IF ADDR</c>; its absence or failure is a warning in
/// the message, not a failed start). Stop: <c>ip addr del</c>. Monitor: <c>ip -o addr show dev IF</c> lists it.
/// </summary>
public sealed class IpKind(NodeKindOptions options) : IResourceKind
{
    internal static readonly OcfMetadata Metadata = new(
        "ip",
        [
            new OcfParameter("address", true, "string", null, "the address with its prefix length (CIDR), e.g. 198.18.7.50/24"),
            new OcfParameter("interface", true, "string", null, "the interface the address goes on, e.g. eth0"),
        ],
        ["start", "stop", "monitor", "meta-data"]);

    private readonly CommandRunner _runner = new(options.CommandPrefix);

    public string Kind => "ip";

    public async Task<ResourceResult> RunAsync(ResourceSpec resource, ResourceVerb verb, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (verb == ResourceVerb.MetaData)
        {
            return new ResourceResult(OcfExit.Success, Metadata.ToXml());
        }

        if (resource.Optional("address") is not { } address)
        {
            return resource.Missing("address");
        }

        if (resource.Optional("interface") is not { } device)
        {
            return resource.Missing("interface");
        }

        if (!IPNetwork.TryParse(address, out _) || !address.Contains('/', StringComparison.Ordinal))
        {
            return resource.Invalid("address", $"is '{address}', not an address with its prefix length (e.g. 198.18.7.50/24)");
        }

        var deadline = Deadline.After(timeout);
        var present = await IsPresentAsync(address, device, timeout, cancellationToken).ConfigureAwait(false);
        if (present.Error is { } error)
        {
            return error;
        }

        return verb switch
        {
            ResourceVerb.Monitor => present.Present
                ? new ResourceResult(OcfExit.Success, $"{address} is on {device}")
                : new ResourceResult(OcfExit.NotRunning, $"{address} is not on {device}"),
            ResourceVerb.Start => present.Present
                ? new ResourceResult(OcfExit.Success, $"{address} already on {device}")
                : await AddAsync(address, device, deadline, cancellationToken).ConfigureAwait(false),
            ResourceVerb.Stop => present.Present
                ? await DeleteAsync(address, device, deadline, cancellationToken).ConfigureAwait(false)
                : new ResourceResult(OcfExit.Success, $"{address} already off {device}"),
            _ => resource.Unimplemented(verb),
        };
    }

    private async Task<(bool Present, ResourceResult? Error)> IsPresentAsync(string address, string device, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var shown = await _runner.RunAsync(new ExternalCommand("ip", ["-o", "addr", "show", "dev", device]), timeout, cancellationToken).ConfigureAwait(false);
        if (!shown.Succeeded)
        {
            return (false, Failed("ip -o addr show dev " + device, shown));
        }

        var present = shown.StandardOutput.Split('\n').Any(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is var words
            && Array.IndexOf(words, "inet") is var at and >= 0 && at + 1 < words.Length && words[at + 1] == address);
        return (present, null);
    }

    private async Task<ResourceResult> AddAsync(string address, string device, Deadline deadline, CancellationToken cancellationToken)
    {
        var added = await _runner.RunAsync(new ExternalCommand("ip", ["addr", "add", address, "dev", device]), deadline.Left, cancellationToken).ConfigureAwait(false);
        if (!added.Succeeded)
        {
            return Failed($"ip addr add {address} dev {device}", added);
        }

        var host = address[..address.IndexOf('/', StringComparison.Ordinal)];
        if (CommandRunner.Find("arping") is null)
        {
            return new ResourceResult(OcfExit.Success, $"{address} added on {device}; warning: arping not found, no gratuitous ARP sent (install Debian's arping)");
        }

        // -w 0: sent, not waited for (an unsolicited ARP gets no reply; Debian's arping would wait a second for one).
        var arp = await _runner.RunAsync(new ExternalCommand("arping", ["-U", "-c", "1", "-w", "0", "-I", device, host]), deadline.Left, cancellationToken).ConfigureAwait(false);
        return arp.Succeeded || arp.ExitCode == 1
            ? new ResourceResult(OcfExit.Success, $"{address} added on {device}, gratuitous ARP sent")
            : new ResourceResult(OcfExit.Success, $"{address} added on {device}; warning: gratuitous ARP failed ({arp.Describe()})");
    }

    private async Task<ResourceResult> DeleteAsync(string address, string device, Deadline deadline, CancellationToken cancellationToken)
    {
        var deleted = await _runner.RunAsync(new ExternalCommand("ip", ["addr", "del", address, "dev", device]), deadline.Left, cancellationToken).ConfigureAwait(false);
        return deleted.Succeeded ? new ResourceResult(OcfExit.Success, $"{address} deleted from {device}") : Failed($"ip addr del {address} dev {device}", deleted);
    }

    private static ResourceResult Failed(string what, CommandResult result) => new(OcfExit.GenericError, $"{what} failed: {result.Describe()}");
}
