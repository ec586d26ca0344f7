using System.CommandLine;
using System.Globalization;
using Orchestrator.Cli.Infrastructure;
using Orchestrator.Cli.Output;
using Orchestrator.Engine.Errors;
using Orchestrator.Engine.Queries.AuditTimeline;
using Orchestrator.Engine.Queries.ExportAudit;
using Orchestrator.Engine.Queries.GetAuditHead;
using Orchestrator.Engine.Queries.GetAuditRow;
using Orchestrator.Engine.Queries.ListAudit;
using Orchestrator.Engine.Queries.VerifyAudit;
using Orchestrator.Storage.Audit;
using Spectre.Console;

namespace Orchestrator.Cli.Commands;

/// <summary>`audit list|show|timeline|export|verify|head`: review the journal of every move — who or what, when, and why.</summary>
public static class AuditCommands
{
    public static Command Create()
    {
        var audit = new Command("audit", "Review, export and verify the audit journal");
        audit.Subcommands.Add(List());
        audit.Subcommands.Add(Show());
        audit.Subcommands.Add(Timeline());
        audit.Subcommands.Add(Export());
        audit.Subcommands.Add(Verify());
        audit.Subcommands.Add(Head());
        return audit;
    }

    /// <summary>The filter options `list` and `export` share.</summary>
    private sealed class Filters
    {
        public Option<string?> Hierarchy { get; } = new Option<string?>("--hierarchy") { Description = "Only this hierarchy" }.NameOf("hierarchy");
        public Option<long?> Procedure { get; } = new("--procedure") { Description = "Only this procedure (and what is linked to it)" };
        public Option<string?> Kind { get; } = new("--kind") { Description = "Only this kind: switchover, failover, failback, rolling-update, replica-list-update, monitor…" };
        public Option<string?> Actor { get; } = AuditTextOptions.Checked(new("--actor") { Description = "Only rows by this actor (an operator, or monitor)" });
        public Option<string?> Since { get; } = new("--since") { Description = "From this time: ISO-8601 (2026-11-25T20:00Z) or an age (30m, 6h, 2d)" };
        public Option<string?> Until { get; } = new("--until") { Description = "Before this time (same forms)" };
        public Option<string?> Outcome { get; } = new("--outcome") { Description = "completed, cancelled, failed, waiting, suspended, or any state name" };

        public void AddTo(Command command)
        {
            command.Options.Add(Hierarchy);
            command.Options.Add(Procedure);
            command.Options.Add(Kind);
            command.Options.Add(Actor);
            command.Options.Add(Since);
            command.Options.Add(Until);
            command.Options.Add(Outcome);
        }

        public AuditQuery Read(ParseResult r, int limit, long? after)
        {
            var now = DateTimeOffset.UtcNow;
            return new AuditQuery(r.GetValue(Hierarchy), r.GetValue(Procedure), limit, r.GetValue(Kind), r.GetValue(Actor),
                ParseTime(r.GetValue(Since), "--since", now), ParseTime(r.GetValue(Until), "--until", now), r.GetValue(Outcome), after);
        }
    }

    private static Command List()
    {
        var filters = new Filters();
        var limit = new Option<int>("--limit") { Description = "Rows per page (default 100)", DefaultValueFactory = _ => 100 };
        var after = new Option<long?>("--after") { Description = "The page after this sequence (else the newest rows)" };
        var command = new Command("list", "The timeline of transitions and decisions: who moved what, when, and why") { limit, after };
        filters.AddTo(command);
        CliAction.SetQuery(command, r =>
        {
            if (r.GetValue(limit) is < 1 or > 100_000)
            {
                throw new BadInputException("--limit takes 1 to 100000 rows");
            }

            return new ListAuditQuery(null, null, Filter: filters.Read(r, r.GetValue(limit), r.GetValue(after)));
        }, Tables.Audit);
        return command;
    }

    private static Command Show()
    {
        var what = new Argument<string>("SEQ|#PROCEDURE") { Description = "A row's sequence (42), or a procedure (#7) for all its rows" };
        var command = new Command("show", "One row in full (data, node(s), hashes), or every row of a procedure") { what };
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var text = result.GetValue(what)!.Trim();
            await using var services = CliServices.ForExisting(GlobalOptions.ResolveDataDir(result), result.GetValue(GlobalOptions.LogJson));
            var json = result.GetValue(GlobalOptions.Json);
            if (text.StartsWith('#') || text.StartsWith("p", StringComparison.OrdinalIgnoreCase))
            {
                var id = Number(text.TrimStart('#', 'p', 'P'), "procedure");
                var rows = await services.Mediator.Send(new ListAuditQuery(null, id, 100_000), cancellationToken).ConfigureAwait(false);
                if (rows.Count == 0)
                {
                    throw new BadInputException($"no audit row of procedure #{id}; list the procedures with `orchestrator procedures list`");
                }

                return json ? JsonOutput.Write(rows) : Done(() => Tables.Audit(rows));
            }

            var row = await services.Mediator.Send(new GetAuditRowQuery(Number(text, "sequence")), cancellationToken).ConfigureAwait(false);
            return json ? JsonOutput.Write(row) : Done(() => Row(row));
        });
        return command;
    }

    private static Command Timeline()
    {
        var hierarchy = new Argument<string>("HIERARCHY") { Description = "The hierarchy" }.NameOf("hierarchy");
        var command = new Command("timeline", "A hierarchy's history procedure by procedure: who asked, why, the nodes, how it ended, how long it took") { hierarchy };
        CliAction.SetQuery(command, r => new AuditTimelineQuery(r.GetValue(hierarchy)!), entries =>
        {
            var table = new Table().Title("timeline");
            table.AddColumns("seq", "started (UTC)", "procedure", "nodes", "by", "outcome", "duration", "rows", "why");
            foreach (var e in entries)
            {
                table.AddRow(e.FirstSequence.ToString(CultureInfo.InvariantCulture), e.StartedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    TerminalText.Markup(e.ProcedureId is { } id ? $"#{id} {e.Kind}" : e.Kind), TerminalText.Markup(e.Nodes ?? "-"), TerminalText.Markup(e.Actor),
                    TerminalText.Markup(e.Outcome), e.DurationSeconds is { } d ? $"{d:0.000} s" : "-", e.Rows.ToString(CultureInfo.InvariantCulture), TerminalText.Markup(e.Reason));
            }

            AnsiConsole.Write(table);
        });
        return command;
    }

    private static Command Export()
    {
        var filters = new Filters();
        var format = new Option<string>("--format") { Description = "csv, json or ndjson", Required = true };
        var output = new Option<string>("--out") { Description = "The file to write (replaced)", Required = true };
        var command = new Command("export", "Stream the journal (or the filtered part) to a file; works for millions of rows") { format, output };
        filters.AddTo(command);
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var kind = result.GetValue(format)!.ToLowerInvariant();
            if (!AuditExporter.Formats.Contains(kind))
            {
                throw new BadInputException($"--format {kind} is not known; use csv, json or ndjson");
            }

            var path = Path.GetFullPath(result.GetValue(output)!);
            var filter = filters.Read(result, int.MaxValue, null);
            await using var services = CliServices.ForExisting(GlobalOptions.ResolveDataDir(result), result.GetValue(GlobalOptions.LogJson));
            var partial = path + ".partial";
            long count;
            var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            await using (file.ConfigureAwait(false))
            {
                count = await AuditExporter.WriteAsync(services.Mediator.CreateStream(new ExportAuditQuery(filter), cancellationToken), kind, file, cancellationToken).ConfigureAwait(false);
            }

            File.Move(partial, path, overwrite: true);
            Console.Out.WriteLine($"exported {count} audit row(s) as {kind} to {path}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Verify()
    {
        var head = new Option<string?>("--head")
        {
            Description = "A head printed earlier by `audit head` (SEQ:HASH): the journal must still hold that row with that hash, else rows were removed from its end (exit 1)",
            HelpName = "SEQ:HASH",
        };
        var command = new Command("verify", "Recompute the hash chain of the journal; on a break, the first bad sequence and what differs (exit 1)") { head };
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var expected = ParseHead(result.GetValue(head)); // refused (exit 2) before the data directory is opened
            await using var services = CliServices.ForExisting(GlobalOptions.ResolveDataDir(result), result.GetValue(GlobalOptions.LogJson));
            var verification = await services.Mediator.Send(new VerifyAuditQuery(expected), cancellationToken).ConfigureAwait(false);
            if (result.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write(verification);
            }
            else
            {
                Console.Out.WriteLine(verification.FirstBrokenId is { } broken
                    ? $"audit chain BROKEN at sequence {broken} ({verification.RowsChecked} rows checked): {verification.Problem}"
                    : $"audit chain holds ({verification.RowsChecked} rows){(expected is null ? "" : $" and holds the head given, {expected.Sequence}:{expected.Hash[..12]}…")}");
            }

            return verification.FirstBrokenId is null ? ExitCodes.Ok : ExitCodes.ProcedureFailed;
        });
        return command;
    }

    private static AuditHead? ParseHead(string? text) =>
        text is null ? null
        : AuditHead.TryParse(text, out var head, out var problem) ? head
        : throw new BadInputException($"--head '{new string(text.Take(80).Select(c => char.IsControl(c) ? '?' : c).ToArray())}{(text.Length > 80 ? "…" : "")}' {problem}");

    private static Command Head()
    {
        var command = new Command("head", "The journal's head, SEQ:HASH (its last row's sequence and hash): keep it elsewhere, and `audit verify --head SEQ:HASH` finds rows removed from the end since");
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            await using var services = CliServices.ForExisting(GlobalOptions.ResolveDataDir(result), result.GetValue(GlobalOptions.LogJson));
            var head = await services.Mediator.Send(new GetAuditHeadQuery(), cancellationToken).ConfigureAwait(false);
            return result.GetValue(GlobalOptions.Json) ? JsonOutput.Write(head) : Done(() => Console.Out.WriteLine(head.ToString()));
        });
        return command;
    }

    private static void Row(AuditEntry r)
    {
        var grid = new Grid().AddColumn().AddColumn();
        void Add(string name, string? value) => grid.AddRow(name, TerminalText.Markup(value ?? "-"));
        Add("sequence", r.Id.ToString(CultureInfo.InvariantCulture));
        Add("at (UTC)", r.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        Add("procedure", r.ProcedureId is { } id ? $"#{id} {r.Kind}" : r.Kind);
        Add("hierarchy", r.Hierarchy);
        Add("node(s)", r.Nodes);
        Add("transition", $"{r.FromState ?? "-"} -> {r.ToState ?? "-"}");
        Add("trigger", r.TriggerName);
        Add("actor", r.Actor);
        Add("reason", r.Reason);
        Add("data", r.Data);
        Add("previous hash", r.PrevHash);
        Add("hash", r.Hash);
        AnsiConsole.Write(grid);
    }

    private static int Done(Action write)
    {
        write();
        return ExitCodes.Ok;
    }

    private static long Number(string text, string what) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new BadInputException($"'{text}' is not a {what} number; give a sequence (42) or a procedure (#7)");

    /// <summary>ISO-8601 (assumed UTC) or an age before now: 30m, 6h, 2d (<see cref="AuditTimeText"/>).</summary>
    public static DateTimeOffset? ParseTime(string? text, string option, DateTimeOffset now) =>
        string.IsNullOrWhiteSpace(text) ? null
        : AuditTimeText.TryParse(text, now, out var at, out var problem) ? at
        : throw new BadInputException($"{option} '{text}' {problem}");
}
