using System.Buffers;
using System.Globalization;

namespace Orchestrator.Storage.Audit;

/// <summary>
/// The head of the journal: the sequence and hash of its last row (<c>audit head</c>), written as <c>SEQ:HASH</c>. Kept
/// elsewhere (a ticket, the log), it lets <c>audit verify --head</c> tell a journal whose last rows were removed from
/// one that was never longer. An empty journal's head is <see cref="Empty"/> (0 and the genesis hash).
/// </summary>
public sealed record AuditHead(long Sequence, string Hash)
{
    public static readonly AuditHead Empty = new(0, AuditHasher.Genesis);

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>SEQ:HASH, e.g. 42:9f86d08…</summary>
    public override string ToString() => $"{Sequence.ToString(CultureInfo.InvariantCulture)}:{Hash}";

    /// <summary>Reads SEQ:HASH (a sequence of 0 or more, a SHA-256 as 64 hex digits, any case); else says what is wrong.</summary>
    public static bool TryParse(string? text, out AuditHead head, out string problem)
    {
        head = Empty;
        problem = "";
        var t = text?.Trim() ?? "";
        var colon = t.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            problem = "is not SEQ:HASH (print one with `orchestrator audit head`)";
            return false;
        }

        if (!long.TryParse(t.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            problem = "does not start with a sequence number (SEQ:HASH)";
            return false;
        }

        var hash = t[(colon + 1)..];
        if (!IsDigest(hash))
        {
            problem = "does not end with a SHA-256 hash (64 hex digits after the colon)";
            return false;
        }

        head = new AuditHead(sequence, hash.ToLowerInvariant());
        return true;
    }

    /// <summary>Whether <paramref name="text"/> is a SHA-256 in hex (64 digits, any case).</summary>
    public static bool IsDigest(string? text) => text is { Length: 64 } && !text.AsSpan().ContainsAnyExcept(HexDigits);
}
