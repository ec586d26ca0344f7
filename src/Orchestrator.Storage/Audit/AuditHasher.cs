using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.Storage.Audit;

/// <summary>The hash chain of the journal: each row's hash covers its content and the previous row's hash.</summary>
public static class AuditHasher
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>The hash version every writer gives new rows: 2, which also covers the row's sequence.</summary>
    public const int CurrentVersion = 2;

    /// <summary>
    /// Version 1 (rows written before issue 15; kept so that they still verify): SHA-256 over the canonical encoding:
    /// every field in a fixed order, UTF-8, separated by U+001F (unit separator), times as ISO-8601 UTC ("O"), absent
    /// values empty, the previous hash last but one; the node(s), when present, last as "nodes:…" (so rows written before
    /// the column existed hash as they did). Written into a pooled buffer: verifying a million rows allocates little more
    /// than their hex digests.
    /// </summary>
    public static string Hash(NewAuditEntry e, string prevHash) => Hash(null, e, prevHash);

    /// <summary>
    /// Version 2 (issue 15): the version ("2") and the row's sequence (<paramref name="id"/>, decimal) first, each followed
    /// by U+001F, then version 1's encoding. A row renumbered after it was written no longer hashes to its stored hash.
    /// db/postgres/0012's <c>audit_hash</c> computes the same bytes.
    /// </summary>
    public static string Hash(long id, NewAuditEntry e, string prevHash) => Hash((long?)id, e, prevHash);

    /// <summary>A stored row's hash, by its <see cref="AuditEntry.HashVersion"/> (1 or 2; any other is refused).</summary>
    public static string Hash(AuditEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var entry = new NewAuditEntry(e.At, e.ProcedureId, e.Kind, e.Hierarchy, e.FromState, e.ToState, e.TriggerName, e.Actor, e.Reason, e.Data, e.Nodes);
        return e.HashVersion switch
        {
            1 => Hash(entry, e.PrevHash),
            CurrentVersion => Hash(e.Id, entry, e.PrevHash),
            _ => throw new ArgumentOutOfRangeException(nameof(e), e.HashVersion, "an audit row's hash version is 1 or 2"),
        };
    }

    private static string Hash(long? id, NewAuditEntry e, string prevHash)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(prevHash);
        Span<char> at = stackalloc char[40];
        e.At.UtcDateTime.TryFormat(at, out var atLength, "O", CultureInfo.InvariantCulture);
        Span<char> prefix = stackalloc char[32];
        var prefixLength = 0;
        if (id is { } sequence)
        {
            prefix[prefixLength++] = (char)('0' + CurrentVersion);
            prefix[prefixLength++] = '\u001f';
            sequence.TryFormat(prefix[prefixLength..], out var idLength, default, CultureInfo.InvariantCulture);
            prefixLength += idLength;
            prefix[prefixLength++] = '\u001f';
        }

        ReadOnlySpan<string?> fields =
        [
            null, e.ProcedureId?.ToString(CultureInfo.InvariantCulture), e.Kind, e.Hierarchy, e.FromState, e.ToState,
            e.Trigger, e.Actor, e.Reason, e.Data, prevHash,
        ];
        var max = prefixLength + Encoding.UTF8.GetMaxByteCount(atLength) + (e.Nodes is null ? 0 : Encoding.UTF8.GetMaxByteCount(e.Nodes.Length + 7) + 1);
        foreach (var f in fields)
        {
            max += Encoding.UTF8.GetMaxByteCount(f?.Length ?? 0) + 1;
        }

        var rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            var length = Encoding.UTF8.GetBytes(prefix[..prefixLength], rented);
            length += Encoding.UTF8.GetBytes(at[..atLength], rented.AsSpan(length));
            for (var i = 1; i < fields.Length; i++)
            {
                rented[length++] = 0x1f;
                length += Encoding.UTF8.GetBytes(fields[i] ?? "", rented.AsSpan(length));
            }

            if (e.Nodes is not null)
            {
                rented[length++] = 0x1f;
                length += Encoding.UTF8.GetBytes("nodes:", rented.AsSpan(length));
                length += Encoding.UTF8.GetBytes(e.Nodes, rented.AsSpan(length));
            }

            Span<byte> digest = stackalloc byte[32];
            SHA256.HashData(rented.AsSpan(0, length), digest);
            return Convert.ToHexStringLower(digest);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
