using System.Globalization;
using System.Net;
using Orchestrator.Node.Commands;
using Orchestrator.Node.Ocf;

namespace Orchestrator.Node.Kinds;

/// <summary>
/// A DNS record (<c>dns</c>) on a server that takes signed dynamic updates (BIND9): parameters <c>server</c>,
/// <c>zone</c>, <c>name</c>, <c>type</c> (A), <c>address</c>, <c>ttl</c>, <c>key-file</c> (a TSIG key file as
/// <c>tsig-keygen</c> writes it). Start: when <c>dig</c> does not already answer the address, <c>nsupdate -k</c> with
/// its script on standard input (delete the name's records of the type, add the address). Stop changes nothing (the
/// next node's start replaces the record; deleting it would only lengthen the gap). Monitor: <c>dig @server name type
/// +short</c> answers exactly the address (7 when it answers anything else). The key file's secret never appears in a
/// message: whatever the tools write is scrubbed of it.
/// </summary>
public sealed class DnsKind(NodeKindOptions options) : IResourceKind
{
    internal static readonly OcfMetadata Metadata = new(
        "dns",
        [
            new OcfParameter("server", true, "string", null, "the DNS server's address (takes the signed updates)"),
            new OcfParameter("zone", true, "string", null, "the zone the name is in"),
            new OcfParameter("name", true, "string", null, "the name whose record moves, e.g. mail.example.com"),
            new OcfParameter("type", false, "string", "A", "the record type (A)"),
            new OcfParameter("address", true, "string", null, "the address the name answers while the resource is started"),
            new OcfParameter("ttl", false, "integer", "60", "the record's time to live, in seconds"),
            new OcfParameter("key-file", true, "string", null, "the TSIG key file (nsupdate -k); its secret is never shown"),
            new OcfParameter("port", false, "integer", "53", "the server's port"),
        ],
        ["start", "stop", "monitor", "meta-data"]);

    private readonly CommandRunner _runner = new(options.CommandPrefix);

    public string Kind => "dns";

    public async Task<ResourceResult> RunAsync(ResourceSpec resource, ResourceVerb verb, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (verb == ResourceVerb.MetaData)
        {
            return new ResourceResult(OcfExit.Success, Metadata.ToXml());
        }

        foreach (var required in (string[])["server", "zone", "name", "address", "key-file"])
        {
            if (resource.Optional(required) is null)
            {
                return resource.Missing(required);
            }
        }

        var record = new Record(
            resource.Optional("server")!,
            resource.Optional("port") ?? "53",
            Absolute(resource.Optional("zone")!),
            Absolute(resource.Optional("name")!),
            (resource.Optional("type") ?? "A").ToUpperInvariant(),
            resource.Optional("address")!,
            resource.Optional("ttl") ?? "60");
        if (record.Type != "A" || !IPAddress.TryParse(record.Address, out _))
        {
            return resource.Invalid("address", $"and type must be an A record's IPv4 address (type {record.Type}, address '{record.Address}')");
        }

        if (!int.TryParse(record.Ttl, NumberStyles.None, CultureInfo.InvariantCulture, out _) || !int.TryParse(record.Port, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return resource.Invalid("ttl", $"and port are whole numbers (ttl '{record.Ttl}', port '{record.Port}')");
        }

        var keyFile = resource.Optional("key-file")!;
        var deadline = Deadline.After(timeout);
        switch (verb)
        {
            case ResourceVerb.Monitor:
                return await LookUpAsync(record, deadline, cancellationToken).ConfigureAwait(false);
            case ResourceVerb.Stop:
                return new ResourceResult(OcfExit.Success, $"{record.Name} {record.Type} left as it is (the next start replaces it)");
            case ResourceVerb.Start:
                var now = await LookUpAsync(record, deadline, cancellationToken).ConfigureAwait(false);
                return now.Succeeded
                    ? new ResourceResult(OcfExit.Success, $"{record.Name} {record.Type} already {record.Address}")
                    : await UpdateAsync(record, keyFile, deadline, cancellationToken).ConfigureAwait(false);
            default:
                return resource.Unimplemented(verb);
        }
    }

    private async Task<ResourceResult> LookUpAsync(Record record, Deadline deadline, CancellationToken cancellationToken)
    {
        var dig = await _runner.RunAsync(
            new ExternalCommand("dig", ["+short", "+time=1", "+tries=2", "-p", record.Port, $"@{record.Server}", record.Name, record.Type]), deadline.Left, cancellationToken)
            .ConfigureAwait(false);
        if (!dig.Succeeded)
        {
            return new ResourceResult(OcfExit.GenericError, $"dig @{record.Server} {record.Name} {record.Type} failed: {dig.Describe()}");
        }

        var answers = dig.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return answers.Length == 1 && answers[0] == record.Address
            ? new ResourceResult(OcfExit.Success, $"{record.Name} {record.Type} is {record.Address}")
            : new ResourceResult(OcfExit.NotRunning, $"{record.Name} {record.Type} is {(answers.Length == 0 ? "(none)" : string.Join(", ", answers))}, not {record.Address}");
    }

    private async Task<ResourceResult> UpdateAsync(Record record, string keyFile, Deadline deadline, CancellationToken cancellationToken)
    {
        var script = string.Create(
            CultureInfo.InvariantCulture,
            $"server {record.Server} {record.Port}\nzone {record.Zone}\nupdate delete {record.Name} {record.Type}\nupdate add {record.Name} {record.Ttl} {record.Type} {record.Address}\nsend\n");
        var seconds = Math.Max(1, (int)deadline.Left.TotalSeconds);
        var update = await _runner.RunAsync(
            new ExternalCommand("nsupdate", ["-t", seconds.ToString(CultureInfo.InvariantCulture), "-k", keyFile]) { Input = script }, deadline.Left, cancellationToken)
            .ConfigureAwait(false);
        if (update.Succeeded)
        {
            return new ResourceResult(OcfExit.Success, $"{record.Name} {record.Type} set to {record.Address} on {record.Server}");
        }

        var why = TsigSecret.Scrub(update.Describe(), keyFile);
        return new ResourceResult(OcfExit.GenericError, $"nsupdate of {record.Name} {record.Type} on {record.Server} failed: {why}");
    }

    private static string Absolute(string name) => name.EndsWith('.') ? name : name + ".";

    private sealed record Record(string Server, string Port, string Zone, string Name, string Type, string Address, string Ttl);
}
