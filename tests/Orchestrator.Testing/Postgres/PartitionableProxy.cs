using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Orchestrator.Testing.Postgres;

/// <summary>
/// A TCP proxy on a free loopback port in front of a PostgreSQL server, for partition tests: a process whose connection
/// string goes through it (<see cref="Route"/>) can be cut off from the database while it stays alive.
/// <see cref="Partition"/> stops forwarding in both directions and keeps every socket open — the process sees a silent
/// network, not a reset: what it sends is held (not lost), nothing comes back, a new connection is accepted but not put
/// through. <see cref="Heal"/> resumes: what was held is delivered, in order, and a side that closed meanwhile is closed on
/// the other side too. It lives only for the test: disposing it closes every socket.
/// </summary>
public sealed class PartitionableProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<Socket> _sockets = [];
    private readonly Task _accepting;
    private TaskCompletionSource _open;
    private int _accepted;

    private PartitionableProxy(IPEndPoint target)
    {
        _target = target;
        _open = Opened();
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptLoopAsync(_stop.Token);
    }

    /// <summary>The loopback port the proxy listens on.</summary>
    public int Port { get; }

    /// <summary>True between <see cref="Partition"/> and <see cref="Heal"/>.</summary>
    public bool Partitioned
    {
        get
        {
            lock (_gate)
            {
                return !_open.Task.IsCompleted;
            }
        }
    }

    /// <summary>How many connections the proxy has accepted so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>A proxy to the server of <paramref name="connectionString"/> (its host and port).</summary>
    public static PartitionableProxy To(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        var host = b.Host is null or "localhost" ? IPAddress.Loopback : IPAddress.Parse(b.Host);
        return new PartitionableProxy(new IPEndPoint(host, b.Port));
    }

    /// <summary><paramref name="connectionString"/> with its host and port replaced by the proxy's.</summary>
    public string Route(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Host = IPAddress.Loopback.ToString(), Port = Port }.ConnectionString;

    /// <summary>Stops forwarding, both ways, on every connection and for new ones; the sockets stay open.</summary>
    public void Partition()
    {
        lock (_gate)
        {
            if (_open.Task.IsCompleted)
            {
                _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>Resumes forwarding: what was held during the partition is delivered.</summary>
    public void Heal()
    {
        lock (_gate)
        {
            _open.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        Heal();
        _listener.Stop();
        lock (_gate)
        {
            foreach (var socket in _sockets)
            {
                socket.Dispose();
            }

            _sockets.Clear();
        }

        try
        {
            await _accepting.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    /// <summary>Returns once forwarding is allowed (at once when not partitioned).</summary>
    private Task OpenAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _open.Task.WaitAsync(cancellationToken);
        }
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            _ = LinkAsync(client, cancellationToken);
        }
    }

    /// <summary>Connects an accepted client to the server (once forwarding is allowed) and pumps both ways.</summary>
    private async Task LinkAsync(Socket client, CancellationToken cancellationToken)
    {
        var server = new Socket(_target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        lock (_gate)
        {
            _sockets.Add(client);
            _sockets.Add(server);
        }

        try
        {
            await OpenAsync(cancellationToken).ConfigureAwait(false);
            await server.ConnectAsync(_target, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            client.Dispose();
            server.Dispose();
            return;
        }

        await Task.WhenAll(PumpAsync(client, server, cancellationToken), PumpAsync(server, client, cancellationToken)).ConfigureAwait(false);
        client.Dispose();
        server.Dispose();
    }

    /// <summary>
    /// Forwards <paramref name="from"/> to <paramref name="to"/>: each chunk read waits for forwarding to be allowed before
    /// it is written, so during a partition it is held (and the sender's further bytes wait in the kernel's buffers).
    /// </summary>
    private async Task PumpAsync(Socket from, Socket to, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                await OpenAsync(cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                for (var sent = 0; sent < read;)
                {
                    sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // A reset on one side reaches the other only once the network carries it again.
            try
            {
                await OpenAsync(cancellationToken).ConfigureAwait(false);
                to.Close(0);
                from.Close(0);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
            }
        }
    }
}
