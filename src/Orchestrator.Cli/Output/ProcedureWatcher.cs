using Mediator;
using Orchestrator.Cli.Infrastructure;
using Orchestrator.Engine.Queries.GetProcedure;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Views;
using Orchestrator.Storage;
using Spectre.Console;

namespace Orchestrator.Cli.Output;

/// <summary>
/// Follows a procedure until it finishes or waits for an operator: a live progress bar on a terminal,
/// one plain line per finished step when output is redirected. With <c>--json</c> (<paramref name="json"/>) stdout holds
/// only the JSON the caller prints at the end: the plain lines go to stderr, where an operator piping stdout to `jq`
/// still sees them (and a script drops them with <c>2&gt;/dev/null</c>). <c>tick</c> runs between polls
/// (the caller takes over running steps there when the process that ran them went away). A poll that finds the database
/// out of reach says so once and polls again (<see cref="StoreAccess.PollAsync{T}"/>): the procedure goes on in its runners.
/// </summary>
public static class ProcedureWatcher
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <param name="json">--json: the progress lines on stderr, stdout left to the caller's one JSON document.</param>
    public static async Task<ProcedureView> WatchAsync(
        IMediator mediator, IStoreAvailability availability, long id, Func<CancellationToken, Task> tick, CancellationToken cancellationToken, bool json = false)
    {
        Task<ProcedureView> GetAsync(CancellationToken token) =>
            StoreAccess.PollAsync(availability, async () => await mediator.Send(new GetProcedureQuery(id), token).ConfigureAwait(false), token);

        if (json || Console.IsOutputRedirected || AnsiConsole.Profile.Capabilities.Interactive is false)
        {
            return await WatchPlainAsync(id, GetAsync, tick, json ? Console.Error : Console.Out, cancellationToken).ConfigureAwait(false);
        }

        ProcedureView view = await GetAsync(cancellationToken).ConfigureAwait(false);
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask($"#{id} {view.Kind} {view.Hierarchy}", maxValue: view.Steps.Count);
                while (!IsSettled(view))
                {
                    await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
                    await tick(cancellationToken).ConfigureAwait(false);
                    view = await GetAsync(cancellationToken).ConfigureAwait(false);
                    task.Value = view.StepsDone;
                    var current = view.Steps.FirstOrDefault(s => s.Status is "running" or "ready");
                    task.Description = TerminalText.Markup(current is null ? $"#{id} {view.State}" : $"#{id} {current.Description}");
                }

                task.Value = view.StepsDone;
            }).ConfigureAwait(false);
        return view;
    }

    private static async Task<ProcedureView> WatchPlainAsync(
        long id, Func<CancellationToken, Task<ProcedureView>> get, Func<CancellationToken, Task> tick, TextWriter progress, CancellationToken cancellationToken)
    {
        var reported = 0;
        while (true)
        {
            var view = await get(cancellationToken).ConfigureAwait(false);
            foreach (var step in view.Steps.Where(s => s.Status == "done" && s.Seq > reported).OrderBy(s => s.Seq))
            {
                progress.WriteLine($"#{id} step {step.Seq}/{view.Steps.Count} done: {step.Description}");
                reported = step.Seq;
            }

            if (IsSettled(view))
            {
                return view;
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            await tick(cancellationToken).ConfigureAwait(false);
        }
    }

    public static bool IsSettled(ProcedureView view) => !view.IsActive || view.State == ProcedureStates.WaitingForOperator;
}
