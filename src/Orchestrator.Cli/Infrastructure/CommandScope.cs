using System.CommandLine;
using Mediator;
using Orchestrator.Cli.Commands;
using Orchestrator.Cli.Output;

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

    /// <summary>Between polls while waiting: take over running steps when the process that ran them went away.</summary>
    public Task TickAsync(CancellationToken cancellationToken) => _session?.TryTakeOverAsync(cancellationToken) ?? Task.CompletedTask;

    /// <summary>After a procedure was started or resumed: say who carries it out, or (with --wait) follow it to its end.</summary>
    public async Task<int> FollowAsync(long id, bool wait, bool json, CancellationToken cancellationToken)
    {
        if (!wait)
        {
            ProcedureOutcome.Queued(id, DataDirectory);
            return ExitCodes.Ok;
        }

        var final = await ProcedureWatcher.WatchAsync(Mediator, id, TickAsync, cancellationToken).ConfigureAwait(false);
        return ProcedureOutcome.Report(final, json);
    }

    public static async Task<CommandScope> OpenAsync(ParseResult result, bool wait, CancellationToken cancellationToken)
    {
        var dataDir = GlobalOptions.ResolveDataDir(result);
        var logJson = result.GetValue(GlobalOptions.LogJson);
        return wait
            ? new CommandScope(await RunnerSession.OpenAsync(dataDir, logJson, mustRun: false, createIfMissing: false, cancellationToken).ConfigureAwait(false), null, dataDir)
            : new CommandScope(null, CliServices.ForExisting(dataDir, logJson), dataDir);
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
