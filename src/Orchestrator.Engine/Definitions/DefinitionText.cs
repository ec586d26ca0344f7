using System.Buffers;
using System.Text;
using System.Text.Unicode;
using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Validation;

namespace Orchestrator.Engine.Definitions;

/// <summary>
/// The text of a definition file: its bytes read as UTF-8 (a leading byte-order mark is skipped), never with replacement
/// characters — a byte that is not UTF-8 refuses the file at its own line and column.
/// </summary>
internal static class DefinitionText
{
    private static readonly byte[] ByteOrderMark = [0xEF, 0xBB, 0xBF];

    /// <summary>The text, or the error naming where the first byte that is not UTF-8 is.</summary>
    public static (string? Text, ValidationError? Error) Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith(ByteOrderMark))
            bytes = bytes[ByteOrderMark.Length..];
        var chars = new char[bytes.Length];
        var status = Utf8.ToUtf16(bytes, chars, out var read, out var written, replaceInvalidSequences: false);
        if (status == OperationStatus.Done)
            return (new string(chars, 0, written), null);

        var lineStart = bytes[..read].LastIndexOf((byte)'\n') + 1;
        var line = bytes[..read].Count((byte)'\n') + 1;
        var column = Encoding.UTF8.GetCharCount(bytes[lineStart..read]) + 1;
        return (null, new ValidationError(new SourceLocation(line, column),
            $"The file is not UTF-8: byte 0x{bytes[read]:X2} here does not belong to a UTF-8 character.",
            "Save the cluster definition as UTF-8 (e.g. 'iconv -f LATIN1 -t UTF-8'), or remove the stray byte."));
    }
}
