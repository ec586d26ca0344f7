using System.Net;
using System.Net.Sockets;

namespace Orchestrator.Environment.Agents;

/// <summary>
/// The agents' connections notice a dead node: a node killed (or cut off) while a request waits on its agent sends no
/// reset, so without help the request would wait for its whole timeout (a monitor action's 10 s plus the answer margin,
/// stalling the monitor's round). Each connection sends TCP keepalives after 1 s idle, every second, and on Linux is
/// dropped when what it sent (data or keepalive) stays unacknowledged for <c>deadAfter</c> (TCP_USER_TIMEOUT); a live
/// agent that is merely slow acknowledges them and is waited for as before.
/// </summary>
internal static class DeadPeerSocket
{
    private const int IpProtocolTcp = 6;
    private const int TcpUserTimeout = 18; // TCP_USER_TIMEOUT, linux/tcp.h

    public static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, TimeSpan deadAfter, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            Configure(socket, deadAfter);
            await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Keepalive after 1 s idle, every 1 s; on Linux, TCP_USER_TIMEOUT = <paramref name="deadAfter"/> (at least 1 s).</summary>
    internal static void Configure(Socket socket, TimeSpan deadAfter)
    {
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 1);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 1);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, Math.Max(1, (int)Math.Ceiling(deadAfter.TotalSeconds)));
        if (OperatingSystem.IsLinux())
        {
            var milliseconds = (int)Math.Max(1000, deadAfter.TotalMilliseconds);
            socket.SetRawSocketOption(IpProtocolTcp, TcpUserTimeout, BitConverter.GetBytes(milliseconds));
        }
    }
}
