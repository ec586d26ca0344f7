using System.Net;
using System.Net.Sockets;

namespace Orchestrator.Domain.Cluster;

/// <summary>
/// S21: an IP subnet, the network address and its prefix length. An address written without a prefix length
/// ("10.0.0.11") is taken as /24 for IPv4 and /64 for IPv6.
/// </summary>
public sealed record Subnet(IPAddress Network, int PrefixLength)
{
    public const int DefaultIPv4PrefixLength = 24;
    public const int DefaultIPv6PrefixLength = 64;

    public static int DefaultPrefixLength(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily == AddressFamily.InterNetworkV6 ? DefaultIPv6PrefixLength : DefaultIPv4PrefixLength;
    }

    public static int MaxPrefixLength(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
    }

    /// <summary>The subnet of <paramref name="address"/> with <paramref name="prefixLength"/> (the default when null); null when either is not valid.</summary>
    public static Subnet? Of(string? address, int? prefixLength)
    {
        if (address is null || !IPAddress.TryParse(address, out var ip))
            return null;
        var length = prefixLength ?? DefaultPrefixLength(ip);
        return length < 0 || length > MaxPrefixLength(ip) ? null : new Subnet(Masked(ip, length), length);
    }

    /// <summary>Whether <paramref name="address"/> lies in this subnet (an address of another family never does).</summary>
    public bool Contains(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily == Network.AddressFamily && Masked(address, PrefixLength).Equals(Network);
    }

    public override string ToString() => $"{Network}/{PrefixLength}";

    private static IPAddress Masked(IPAddress address, int prefixLength)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefixLength - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }

        return new IPAddress(bytes);
    }
}
