using System.Globalization;
using System.Net;
using Orchestrator.Engine.Errors;

namespace Orchestrator.Host.Web;

/// <summary>
/// Where the web dashboard listens: an IP address (or <c>localhost</c>, or <c>*</c> for every address) and a port
/// (0 picks a free one). Loopback addresses are reachable from this machine only, which is what lets the dashboard
/// run without credentials there.
/// </summary>
public sealed record ListenAddress(string Host, IPAddress? Address, int Port)
{
    /// <summary>The default: loopback only, port 5080.</summary>
    public static ListenAddress Default { get; } = new("127.0.0.1", IPAddress.Loopback, 5080);

    /// <summary><c>localhost</c> (both loopback addresses) has no single <see cref="Address"/>; <c>*</c> means every address.</summary>
    public bool IsLocalhost => Address is null && Host == "localhost";

    public bool IsAnyAddress => Address is null && Host == "*";

    /// <summary>True when only this machine can reach the dashboard (127.0.0.0/8, ::1, localhost).</summary>
    public bool IsLoopback => IsLocalhost || (Address is not null && IPAddress.IsLoopback(Address));

    public override string ToString() =>
        Address is { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 }
            ? $"[{Host}]:{Port.ToString(CultureInfo.InvariantCulture)}"
            : $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Parses <c>HOST:PORT</c>: <c>127.0.0.1:5080</c>, <c>localhost:5080</c>, <c>[::1]:5080</c>, <c>0.0.0.0:8080</c>, <c>*:8080</c>.</summary>
    public static ListenAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        var colon = t.LastIndexOf(':');
        if (colon <= 0 || colon == t.Length - 1)
        {
            throw Bad(text, "write HOST:PORT");
        }

        var hostPart = t[..colon];
        var portPart = t[(colon + 1)..];
        if (!int.TryParse(portPart, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw Bad(text, $"'{portPart}' is not a port (0 to 65535; 0 picks a free one)");
        }

        if (hostPart.StartsWith('[') && hostPart.EndsWith(']'))
        {
            hostPart = hostPart[1..^1];
        }
        else if (hostPart.Contains(':', StringComparison.Ordinal))
        {
            throw Bad(text, "put an IPv6 address in brackets, e.g. [::1]:5080");
        }

        if (hostPart.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return new ListenAddress("localhost", null, port);
        }

        if (hostPart is "*" or "+")
        {
            return new ListenAddress("*", null, port);
        }

        return IPAddress.TryParse(hostPart, out var address)
            ? new ListenAddress(address.ToString(), address, port)
            : throw Bad(text, $"'{hostPart}' is not an IP address; give one of this machine's addresses (127.0.0.1, 0.0.0.0, [::1]), localhost or *");
    }

    private static BadInputException Bad(string text, string why) =>
        new($"--listen '{text}': {why}; the default is {Default}");
}
