using Mediator;
using Orchestrator.Workflows.ReplicaListUpdate;
using Spectre.Console;

namespace Orchestrator.Cli.Output;

/// <summary>
/// Follows a replica-list update until it is over or paused: a live progress bar (done of total, rate, ETA) on a
/// terminal, one plain line per second of progress when output is redirected — on stderr with <c>--json</c>, whose
/// stdout holds only the caller's JSON document.
/// </summary>
public static class ReplicaUpdateWatcher
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public static async Task<ReplicaUpdateView?> WatchAsync(IMediator mediator, string? hierarchy, Func<CancellationToken, Task> tick, CancellationToken cancellationToken, bool json = false)
    {
        var view = await GetAsync(mediator, hierarchy, cancellationToken).ConfigureAwait(false);
        if (view is null)
        {
            return null;
        }

        if (json || Console.IsOutputRedirected || AnsiConsole.Profile.Capabilities.Interactive is false)
        {
            return await WatchPlainAsync(mediator, view, tick, json ? Console.Error : Console.Out, cancellationToken).ConfigureAwait(false);
        }

        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Describe(view), maxValue: Math.Max(1, view.Total));
                while (!IsSettled(view))
                {
                    await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
                    await tick(cancellationToken).ConfigureAwait(false);
                    view = await GetAsync(mediator, view.Hierarchy, cancellationToken).ConfigureAwait(false) ?? view;
                    task.MaxValue = Math.Max(1, view.Total);
                    task.Value = view.Done + view.Failed;
                    task.Description = TerminalText.Markup(Describe(view));
                }

                task.Value = task.MaxValue;
            }).ConfigureAwait(false);
        return view;
    }

    public static bool IsSettled(ReplicaUpdateView view) => !view.IsActive || view.State == ReplicaUpdateStates.Paused;

    public static string Describe(ReplicaUpdateView v) =>
        $"#{v.Id} {v.Hierarchy} {v.FromServer}→{v.ToServer} {v.State}: {v.Done}/{v.Total} done, {v.Failed} failed, {v.FoldersPerSecond:0} folders/s" +
        (v.EtaSeconds is { } eta ? $", ETA {TimeSpan.FromSeconds(eta):hh\\:mm\\:ss}" : "");

    private static async Task<ReplicaUpdateView> WatchPlainAsync(IMediator mediator, ReplicaUpdateView view, Func<CancellationToken, Task> tick, TextWriter progress, CancellationToken cancellationToken)
    {
        var lastLine = DateTime.MinValue;
        while (true)
        {
            if (IsSettled(view) || DateTime.UtcNow - lastLine >= TimeSpan.FromSeconds(1))
            {
                progress.WriteLine(Describe(view));
                lastLine = DateTime.UtcNow;
            }

            if (IsSettled(view))
            {
                return view;
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            await tick(cancellationToken).ConfigureAwait(false);
            view = await GetAsync(mediator, view.Hierarchy, cancellationToken).ConfigureAwait(false) ?? view;
        }
    }

    private static async Task<ReplicaUpdateView?> GetAsync(IMediator mediator, string? hierarchy, CancellationToken cancellationToken) =>
        await mediator.Send(new GetReplicaUpdateQuery(hierarchy), cancellationToken).ConfigureAwait(false);
}
