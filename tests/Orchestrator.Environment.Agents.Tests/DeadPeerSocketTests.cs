using System.Net;
using System.Net.Sockets;

namespace Orchestrator.Environment.Agents.Tests;

/// <summary>
/// The agents' connections give a dead node up within about the health timeout: keepalive after 1 s idle, every second,
/// and (Linux) TCP_USER_TIMEOUT = the health timeout, read back from the socket the connect callback made.
/// </summary>
public sealed class DeadPeerSocketTests
{
    [Fact]
    public async Task AConnectionToAnAgent_SendsKeepalives_AndOnLinuxIsDroppedWhenUnacknowledgedForTheHealthTimeout()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        await using var stream = (NetworkStream)await DeadPeerSocket.ConnectAsync(new DnsEndPoint("127.0.0.1", port), TimeSpan.FromSeconds(2), CancellationToken.None);
        using var accepted = await listener.AcceptSocketAsync();

        var socket = stream.Socket;
        Assert.Equal(1, (int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)!);
        Assert.Equal(1, (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime)!);
        Assert.Equal(1, (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval)!);
        Assert.Equal(2, (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount)!);
        if (OperatingSystem.IsLinux())
        {
            var value = new byte[4];
            socket.GetRawSocketOption(6, 18, value); // IPPROTO_TCP, TCP_USER_TIMEOUT
            Assert.Equal(2000, BitConverter.ToInt32(value));
        }
    }
}
