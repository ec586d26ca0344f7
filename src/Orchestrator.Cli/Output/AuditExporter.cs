using System.Globalization;
using System.Text.Json;
using CsvHelper;
using Orchestrator.Storage.Audit;

namespace Orchestrator.Cli.Output;

/// <summary>
/// Writes journal rows as they stream in — CSV (CsvHelper, RFC 4180), a JSON array, or NDJSON (one object per line) —
/// so an export of millions of rows holds one row in memory at a time.
/// </summary>
public static class AuditExporter
{
    public static readonly string[] Formats = ["csv", "json", "ndjson"];

    public static async Task<long> WriteAsync(IAsyncEnumerable<AuditEntry> rows, string format, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return format switch
        {
            "csv" => await CsvAsync(rows, output, cancellationToken).ConfigureAwait(false),
            "json" => await JsonAsync(rows, output, array: true, cancellationToken).ConfigureAwait(false),
            _ => await JsonAsync(rows, output, array: false, cancellationToken).ConfigureAwait(false),
        };
    }

    private static async Task<long> CsvAsync(IAsyncEnumerable<AuditEntry> rows, Stream output, CancellationToken cancellationToken)
    {
        var csv = CsvWriter.Create(output, CsvWriterOptions.Default, true);
        await using (csv.ConfigureAwait(false))
        {
            csv.WriteHeader(Columns);
            long count = 0;
            await foreach (var r in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                foreach (var field in Fields(r))
                {
                    csv.WriteField(field ?? "");
                }

                await csv.EndRecordAsync(cancellationToken).ConfigureAwait(false);
                count++;
            }

            await csv.FlushAsync(cancellationToken).ConfigureAwait(false);
            return count;
        }
    }

    private static async Task<long> JsonAsync(IAsyncEnumerable<AuditEntry> rows, Stream output, bool array, CancellationToken cancellationToken)
    {
        var json = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = !array });
        await using (json.ConfigureAwait(false))
        {
            if (array)
            {
                json.WriteStartArray();
            }

            long count = 0;
            await foreach (var r in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                json.WriteStartObject();
                var fields = Fields(r);
                for (var i = 0; i < Columns.Length; i++)
                {
                    if (fields[i] is { } value && i is 0 or 2)
                    {
                        json.WriteNumber(Columns[i], long.Parse(value, CultureInfo.InvariantCulture));
                    }
                    else if (fields[i] is { } text)
                    {
                        json.WriteString(Columns[i], text);
                    }
                    else
                    {
                        json.WriteNull(Columns[i]);
                    }
                }

                json.WriteEndObject();
                if (!array)
                {
                    await json.FlushAsync(cancellationToken).ConfigureAwait(false);
                    output.WriteByte((byte)'\n');
                    json.Reset(output);
                }
                else if (json.BytesPending > 1 << 16)
                {
                    await json.FlushAsync(cancellationToken).ConfigureAwait(false);
                }

                count++;
            }

            if (array)
            {
                json.WriteEndArray();
            }

            await json.FlushAsync(cancellationToken).ConfigureAwait(false);
            return count;
        }
    }

    private static readonly string[] Columns =
        ["seq", "at", "procedureId", "kind", "hierarchy", "nodes", "fromState", "toState", "trigger", "actor", "reason", "data", "prevHash", "hash"];

    private static string?[] Fields(AuditEntry r) =>
    [
        r.Id.ToString(CultureInfo.InvariantCulture), r.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        r.ProcedureId?.ToString(CultureInfo.InvariantCulture), r.Kind, r.Hierarchy, r.Nodes, r.FromState, r.ToState, r.TriggerName,
        r.Actor, r.Reason, r.Data, r.PrevHash, r.Hash,
    ];
}
