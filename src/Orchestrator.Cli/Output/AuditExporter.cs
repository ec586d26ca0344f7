using System.Buffers;
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

    /// <summary>
    /// Each row is written into a reused buffer by one <see cref="Utf8JsonWriter"/>, then copied to the output with the
    /// separator (a comma inside an array, a newline in NDJSON); the output is flushed every 64 KiB, not per row.
    /// </summary>
    private static async Task<long> JsonAsync(IAsyncEnumerable<AuditEntry> rows, Stream output, bool array, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        var json = new Utf8JsonWriter(buffer);
        await using (json.ConfigureAwait(false))
        {
            var pending = 0;
            long count = 0;
            if (array)
            {
                output.WriteByte((byte)'[');
            }

            await foreach (var r in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                buffer.ResetWrittenCount();
                json.Reset(buffer);
                WriteRow(json, r);
                json.Flush();
                if (array && count > 0)
                {
                    output.WriteByte((byte)',');
                }

                output.Write(buffer.WrittenSpan);
                if (!array)
                {
                    output.WriteByte((byte)'\n');
                }

                pending += buffer.WrittenCount + 1;
                if (pending > 1 << 16)
                {
                    await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                    pending = 0;
                }

                count++;
            }

            if (array)
            {
                output.WriteByte((byte)']');
            }

            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            return count;
        }
    }

    private static void WriteRow(Utf8JsonWriter json, AuditEntry r)
    {
        Span<char> at = stackalloc char[40];
        r.At.UtcDateTime.TryFormat(at, out var atLength, "O", CultureInfo.InvariantCulture);
        json.WriteStartObject();
        json.WriteNumber(Names.Seq, r.Id);
        json.WriteString(Names.At, at[..atLength]);
        if (r.ProcedureId is { } id)
        {
            json.WriteNumber(Names.ProcedureId, id);
        }
        else
        {
            json.WriteNull(Names.ProcedureId);
        }

        json.WriteString(Names.Kind, r.Kind);
        json.WriteString(Names.Hierarchy, r.Hierarchy);
        json.WriteString(Names.Nodes, r.Nodes);
        json.WriteString(Names.FromState, r.FromState);
        json.WriteString(Names.ToState, r.ToState);
        json.WriteString(Names.Trigger, r.TriggerName);
        json.WriteString(Names.Actor, r.Actor);
        json.WriteString(Names.Reason, r.Reason);
        json.WriteString(Names.Data, r.Data);
        json.WriteString(Names.PrevHash, r.PrevHash);
        json.WriteString(Names.Hash, r.Hash);
        json.WriteEndObject();
    }

    /// <summary>The property names, encoded once.</summary>
    private static class Names
    {
        public static readonly JsonEncodedText Seq = JsonEncodedText.Encode(Columns[0]);
        public static readonly JsonEncodedText At = JsonEncodedText.Encode(Columns[1]);
        public static readonly JsonEncodedText ProcedureId = JsonEncodedText.Encode(Columns[2]);
        public static readonly JsonEncodedText Kind = JsonEncodedText.Encode(Columns[3]);
        public static readonly JsonEncodedText Hierarchy = JsonEncodedText.Encode(Columns[4]);
        public static readonly JsonEncodedText Nodes = JsonEncodedText.Encode(Columns[5]);
        public static readonly JsonEncodedText FromState = JsonEncodedText.Encode(Columns[6]);
        public static readonly JsonEncodedText ToState = JsonEncodedText.Encode(Columns[7]);
        public static readonly JsonEncodedText Trigger = JsonEncodedText.Encode(Columns[8]);
        public static readonly JsonEncodedText Actor = JsonEncodedText.Encode(Columns[9]);
        public static readonly JsonEncodedText Reason = JsonEncodedText.Encode(Columns[10]);
        public static readonly JsonEncodedText Data = JsonEncodedText.Encode(Columns[11]);
        public static readonly JsonEncodedText PrevHash = JsonEncodedText.Encode(Columns[12]);
        public static readonly JsonEncodedText Hash = JsonEncodedText.Encode(Columns[13]);
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
