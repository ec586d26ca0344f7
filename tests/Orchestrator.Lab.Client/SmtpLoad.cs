using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Orchestrator.Lab.Client;

/// <summary>
/// The bounded load: message i (id RUNID-i) is sent at i × interval after the start (or at once when late), on the open
/// session or a new one; each is tried once. Stops after <see cref="LoadOptions.Count"/> messages or
/// <see cref="LoadOptions.Limit"/>, whichever comes first. Writes <c>msg ID CODE MS SERVER</c> per message (code 0: no
/// reply, the connection failed; SERVER then says how) and <c>summary attempted=… accepted=… longest-gap-ms=… elapsed-ms=…</c>.
/// </summary>
public sealed class SmtpLoad(LoadOptions options, TextWriter output)
{
    public async Task<LoadSummary> RunAsync(CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        SmtpSession? session = null;
        var (attempted, accepted) = (0, 0);
        TimeSpan? lastAccepted = null;
        var longestGap = TimeSpan.Zero;
        try
        {
            for (var i = 0; i < options.Count && clock.Elapsed < options.Limit; i++)
            {
                var due = options.Interval * i;
                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed, cancellationToken).ConfigureAwait(false);
                }

                var id = string.Create(CultureInfo.InvariantCulture, $"{options.RunId}-{i:D6}");
                int code;
                string server;
                try
                {
                    session ??= await SmtpSession.OpenAsync(options.Host, options.Port, cancellationToken).ConfigureAwait(false);
                    server = session.Server;
                    var reply = await session.SendAsync(options.From, options.To, Message(id), cancellationToken).ConfigureAwait(false);
                    code = reply.Code;
                    if (code == 421)
                    {
                        await DropAsync(session).ConfigureAwait(false);
                        session = null;
                    }
                }
                catch (Exception e) when (e is IOException or SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    code = 0;
                    server = Failure(e);
                    if (session is not null)
                    {
                        await DropAsync(session).ConfigureAwait(false);
                        session = null;
                    }
                }

                attempted++;
                var at = clock.Elapsed;
                if (code == 250)
                {
                    accepted++;
                    if (lastAccepted is { } last && at - last > longestGap)
                    {
                        longestGap = at - last;
                    }

                    lastAccepted = at;
                }

                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"msg {id} {code} {at.TotalMilliseconds:0} {server}")).ConfigureAwait(false);
            }
        }
        finally
        {
            if (session is not null)
            {
                await DropAsync(session).ConfigureAwait(false);
            }
        }

        var summary = new LoadSummary(attempted, accepted, longestGap, clock.Elapsed);
        await output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"summary attempted={attempted} accepted={accepted} longest-gap-ms={longestGap.TotalMilliseconds:0} elapsed-ms={summary.Elapsed.TotalMilliseconds:0}")).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return summary;
    }

    private string Message(string id) =>
        $"From: <{options.From}>\r\nTo: <{options.To}>\r\nSubject: lab load {id}\r\nMessage-ID: <{id}@client.lab.test>\r\nX-Lab-Id: {id}\r\n\r\nlab load message {id}";

    private static string Failure(Exception e) => e switch
    {
        SocketException s => $"socket:{s.SocketErrorCode}",
        OperationCanceledException => "timeout",
        _ => "io:" + new string(e.Message.Select(c => char.IsWhiteSpace(c) ? '_' : c).ToArray()),
    };

    private static async Task DropAsync(SmtpSession session) => await session.DisposeAsync().ConfigureAwait(false);
}
