using System.CommandLine;
using Mediator;
using Orchestrator.Cli.Commands;
using Orchestrator.Cli.Output;
using Orchestrator.Storage;

namespace Orchestrator.Cli.Infrastructure;

/// <summary>
/// The services of a command that starts or resumes a procedure: with --wait a <see cref="RunnerSession"/>
/// (runs steps here when no serve does); without, a recorder whose request the runner picks up.
/// </summary>
public sealed class CommandScope : IAsyncDisposable
{
    private readonly RunnerSession? _session;
    private readonly CliServices? _client;

    private CommandScope(RunnerSession? session, CliServices? client, string dataDirectory)
    {
        _session = session;
        _client = client;
        DataDirectory = dataDirectory;
    }

    public string DataDirectory { get; }

    public IMediator Mediator => _session?.Mediator ?? _client!.Mediator;

    /// <summary>The store's word on outages, for a watcher's polls.</summary>
    public IStoreAvailability Availability => _session?.Availability ?? _client!.Get<IStoreAvailability>();

    /// <summary>Between polls while waiting: take over running steps when the process that ran them went away.</summary>
    public Task TickAsync(CancellationToken cancellationToken) => _session?.TryTakeOverAsync(cancellationToken) ?? Task.CompletedTask;

    /// <summary>
    /// Says what was started (or resumed) and follows it, as <see cref="FollowAsync"/>: with <c>--json</c> the started procedure as JSON
    /// (without <c>--wait</c>) or only the outcome's JSON (with it, the progress on stderr), never a plain line on stdout before it.
    /// </summary>
    public Task<int> FollowStartedAsync<T>(T started, long id, string description, bool wait, bool json, CancellationToken cancellationToken)
    {
        if (json && !wait)
        {
            return Task.FromResult(JsonOutput.Write(started));
        }

        if (!json)
        {
            Console.Out.WriteLine(description);
        }

        return FollowAsync(id, wait, json, cancellationToken);
    }

    /// <summary>After a procedure was started or resumed: say who carries it out, or (with --wait) follow it to its end.</summary>
    public async Task<int> FollowAsync(long id, bool wait, bool json, CancellationToken cancellationToken)
    {
        if (!wait)
        {
            ProcedureOutcome.Queued(id, DataDirectory);
            return ExitCodes.Ok;
        }

        if (_session is { RunsHere: true })
        {
            await _session.StartRuntimeAsync(cancellationToken).ConfigureAwait(false); // the command was accepted: run its steps here
        }

        var final = await ProcedureWatcher.WatchAsync(Mediator, Availability, id, TickAsync, cancellationToken, json).ConfigureAwait(false);
        return ProcedureOutcome.Report(final, json);
    }

    public static async Task<CommandScope> OpenAsync(ParseResult result, bool wait, CancellationToken cancellationToken)
    {
        var dataDir = GlobalOptions.ResolveDataDir(result);
        var logJson = result.GetValue(GlobalOptions.LogJson);
        if (!wait)
        {
            return new CommandScope(null, CliServices.ForExisting(dataDir, logJson), dataDir);
        }

        // Check first, then change: the runner's workers, its leader term and its sweeper start only once the command is
        // accepted (FollowAsync); a refused command leaves the data directory as it was.
        var session = await RunnerSession.OpenAsync(dataDir, logJson, mustRun: false, createIfMissing: false, cancellationToken, startRuntime: false).ConfigureAwait(false);
        try
        {
            await session.PrepareAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new CommandScope(session, null, dataDir);
    }

    public async ValueTask DisposeAsync()
    {
        if (_session is not null)
        {
            await _session.DisposeAsync().ConfigureAwait(false);
        }

        if (_client is not null)
        {
            await _client.DisposeAsync().ConfigureAwait(false);
        }
    }
}
