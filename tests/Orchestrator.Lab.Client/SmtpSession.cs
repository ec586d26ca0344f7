using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Orchestrator.Lab.Client;

/// <summary>
/// One SMTP connection: the name resolved afresh (the system's resolver: the lab's DNS in the client's namespace), a
/// connection to its first address, the banner and EHLO; then messages one after another. Every read and write is
/// bounded by <see cref="StepTimeout"/>; any failure throws, and the caller opens a new session.
/// </summary>
public sealed class SmtpSession : IAsyncDisposable
{
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(2);

    /// <summary>How long a connection may take: short, so that an address on its way to another node costs little.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromMilliseconds(500);

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;

    private SmtpSession(Socket socket, string server)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new StreamReader(_stream, Encoding.ASCII);
        Server = server;
    }

    /// <summary>The server's name for itself: the last word of its banner (the lab's Postfix puts its node there).</summary>
    public string Server { get; private set; }

    /// <summary>Resolves <paramref name="host"/>, connects, reads the banner and says EHLO.</summary>
    public static async Task<SmtpSession> OpenAsync(string host, int port, CancellationToken cancellationToken)
    {
        using var limit = Limit(cancellationToken);
        var addresses = await Dns.GetHostAddressesAsync(host, AddressFamily.InterNetwork, limit.Token).ConfigureAwait(false);
        if (addresses.Length == 0)
        {
            throw new IOException($"{host} has no address");
        }

        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        SmtpSession? session = null;
        try
        {
            using (var connect = CancellationTokenSource.CreateLinkedTokenSource(limit.Token))
            {
                connect.CancelAfter(ConnectTimeout);
                await socket.ConnectAsync(addresses[0], port, connect.Token).ConfigureAwait(false);
            }

            session = new SmtpSession(socket, "-");
            var banner = await session.ReadReplyAsync(cancellationToken).ConfigureAwait(false);
            Expect(banner, 220, "banner");
            session.Server = banner.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "-";
            Expect(await session.CommandAsync("EHLO client.lab.test", cancellationToken).ConfigureAwait(false), 250, "EHLO");
            return session;
        }
        catch
        {
            if (session is not null)
            {
                await session.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                socket.Dispose();
            }

            throw;
        }
    }

    /// <summary>Sends one message; returns the reply that decided it (the one after the final dot when all went well).</summary>
    public async Task<SmtpReply> SendAsync(string from, string to, string message, CancellationToken cancellationToken)
    {
        foreach (var command in (string[])[$"MAIL FROM:<{from}>", $"RCPT TO:<{to}>"])
        {
            var reply = await CommandAsync(command, cancellationToken).ConfigureAwait(false);
            if (reply.Code != 250)
            {
                await CommandAsync("RSET", cancellationToken).ConfigureAwait(false);
                return reply;
            }
        }

        var data = await CommandAsync("DATA", cancellationToken).ConfigureAwait(false);
        if (data.Code != 354)
        {
            return data;
        }

        await WriteAsync(message.Replace("\r\n.", "\r\n..", StringComparison.Ordinal) + "\r\n.\r\n", cancellationToken).ConfigureAwait(false);
        return await ReadReplyAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            await _stream.WriteAsync("QUIT\r\n"u8.ToArray(), limit.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // the connection is gone already
        }

        _reader.Dispose();
        await _stream.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
    }

    private async Task<SmtpReply> CommandAsync(string command, CancellationToken cancellationToken)
    {
        await WriteAsync(command + "\r\n", cancellationToken).ConfigureAwait(false);
        return await ReadReplyAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteAsync(string text, CancellationToken cancellationToken)
    {
        using var limit = Limit(cancellationToken);
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(text), limit.Token).ConfigureAwait(false);
    }

    private async Task<SmtpReply> ReadReplyAsync(CancellationToken cancellationToken)
    {
        using var limit = Limit(cancellationToken);
        while (true)
        {
            var line = await _reader.ReadLineAsync(limit.Token).ConfigureAwait(false) ?? throw new IOException("connection closed by the server");
            if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), out var code))
            {
                throw new IOException($"not an SMTP reply: {line}");
            }

            if (line.Length == 3 || line[3] != '-')
            {
                return new SmtpReply(code, line.Length > 4 ? line[4..] : "");
            }
        }
    }

    private static void Expect(SmtpReply reply, int code, string step)
    {
        if (reply.Code != code)
        {
            throw new IOException($"{step}: {reply.Code} {reply.Text}");
        }
    }

    private static CancellationTokenSource Limit(CancellationToken cancellationToken)
    {
        var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(StepTimeout);
        return limit;
    }
}
