using System.Diagnostics;
using System.Globalization;
using Orchestrator.Cli.Output;
using Orchestrator.Storage;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Sqlite;

namespace Orchestrator.Benchmarks;

/// <summary>
/// Audit review at scale: 1,000,000 journal rows in the product's SQLite database; a filtered page (one hierarchy, a
/// one-day window, 50 rows) p95 ≤ 10 ms over 500 random queries; `audit verify` ≤ 5 s; `audit export --format ndjson`
/// ≤ 5 s — each through the product's own code (SqliteAuditJournal, AuditExporter).
/// </summary>
internal static class AuditBenchmark
{
    private const double PageFloorMs = 10;
    private const double VerifyFloorSeconds = 5;
    private const double ExportFloorSeconds = 5;
    private const int Queries = 500;

    public static async Task<Verdict> RunAsync(BenchOptions options, string dataDirectory, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine("== audit journal: filtered page, verify and export over a large journal ==");
        var directory = Path.Combine(dataDirectory, "audit");
        var database = new OrchestratorDatabase(directory);
        database.EnsureCreated();
        var clock = Stopwatch.StartNew();
        AuditRowsGenerator.Write(database.Connections.DatabasePath, options.AuditRows);
        Console.WriteLine(string.Create(inv, $"rows        {options.AuditRows:N0} written with a valid hash chain in {clock.Elapsed.TotalSeconds:F1} s ({new FileInfo(database.Connections.DatabasePath).Length / (1024 * 1024)} MB)"));
        var journal = new SqliteAuditJournal(database.Connections);

        // Warm-up (JIT, page cache): not recorded.
        for (var i = 0; i < 20; i++)
        {
            await journal.ListAsync(RandomPage(new Random(i), options.AuditRows), cancellationToken).ConfigureAwait(false);
        }

        var random = new Random(6);
        var times = new List<double>();
        var returned = 0L;
        for (var i = 0; i < Queries; i++)
        {
            var query = RandomPage(random, options.AuditRows);
            var started = Stopwatch.GetTimestamp();
            var page = await journal.ListAsync(query, cancellationToken).ConfigureAwait(false);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            returned += page.Count;
            if (page.Any(r => r.Hierarchy != query.Hierarchy || r.At < query.Since || r.At >= query.Until))
            {
                throw new InvalidOperationException("a filtered page returned a row outside its filter");
            }
        }

        times.Sort();
        var p50 = times[times.Count / 2];
        var p95 = times[(int)(times.Count * 0.95)];
        Console.WriteLine(string.Create(inv, $"page        {Queries} pages (hierarchy + one-day window, 50 rows; {returned / Queries} rows each on average): p50 {p50:F2} ms, p95 {p95:F2} ms, max {times[^1]:F2} ms (floor p95 {PageFloorMs} ms)"));

        clock.Restart();
        var verification = await journal.VerifyAsync(cancellationToken).ConfigureAwait(false);
        var verifySeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(inv, $"verify      {verification.RowsChecked:N0} rows in {verifySeconds:F2} s, chain {(verification.FirstBrokenId is null ? "holds" : $"BROKEN at {verification.FirstBrokenId}")} (floor {VerifyFloorSeconds} s)"));

        clock.Restart();
        var file = Path.Combine(directory, "audit.ndjson");
        long exported;
        var stream = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        await using (stream.ConfigureAwait(false))
        {
            exported = await AuditExporter.WriteAsync(journal.StreamAsync(new AuditQuery(), cancellationToken), "ndjson", stream, cancellationToken).ConfigureAwait(false);
        }

        var exportSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(inv, $"export      {exported:N0} rows as ndjson ({new FileInfo(file).Length / (1024 * 1024)} MB) in {exportSeconds:F2} s (floor {ExportFloorSeconds} s)"));
        Console.WriteLine();

        var pass = p95 <= PageFloorMs && verifySeconds <= VerifyFloorSeconds && exportSeconds <= ExportFloorSeconds
            && verification.FirstBrokenId is null && verification.RowsChecked == options.AuditRows && exported == options.AuditRows;
        return new Verdict(pass ? 0 : 1, string.Create(inv,
            $"audit: {(pass ? "PASS" : "FAIL")} — {options.AuditRows:N0} rows: filtered page p95 {p95:F2} ms (floor {PageFloorMs}), verify {verifySeconds:F2} s (floor {VerifyFloorSeconds}), export ndjson {exportSeconds:F2} s (floor {ExportFloorSeconds})"));
    }

    private static AuditQuery RandomPage(Random random, int rows)
    {
        var span = AuditRowsGenerator.Every * rows;
        var from = AuditRowsGenerator.Start + TimeSpan.FromSeconds(random.NextDouble() * (span - TimeSpan.FromDays(1)).TotalSeconds);
        return new AuditQuery(AuditRowsGenerator.HierarchyName(random.Next(AuditRowsGenerator.Hierarchies)), Limit: 50, Since: from, Until: from.AddDays(1));
    }
}
