using System.Text;
using CsCheck;

namespace Orchestrator.Testing.Definitions;

/// <summary>
/// Issue 15's property test: cluster files made from the repository's samples by a few random edits each — lines deleted,
/// duplicated or swapped, random bytes (invalid UTF-8 too), control characters, tabs, deep nesting, long names, changed
/// indentation, YAML punctuation, keys with line breaks. Each case is a sample and a list of edits, so CsCheck can
/// shrink a failure to the fewest, smallest edits.
/// </summary>
public static class MutatedClusterFiles
{
    /// <summary>Cases the property test runs by default (CI); <see cref="CasesVariable"/> asks for more.</summary>
    public const int DefaultCases = 1_000;

    /// <summary>The environment variable that sets the number of cases, e.g. ORCHESTRATOR_PROPERTY_CASES=20000.</summary>
    public const string CasesVariable = "ORCHESTRATOR_PROPERTY_CASES";

    private const int Kinds = 12;
    private static readonly string[] Punctuation = [":", "[", "]", "{", "}", "&a", "*a", "!", "|", ">", "'", "\"", "%", "@", "- ", "? ", "#", ",", "---\n", "...\n", "\\"];

    /// <summary>The number of cases to run: <see cref="CasesVariable"/> when set to a positive number, else <see cref="DefaultCases"/>.</summary>
    public static long Cases =>
        long.TryParse(System.Environment.GetEnvironmentVariable(CasesVariable), out var n) && n > 0 ? n : DefaultCases;

    /// <summary>The sample files (every *.yaml of workflows/samples), as bytes.</summary>
    public static IReadOnlyList<byte[]> SampleFiles { get; } =
        [.. Directory.GetFiles(Path.Combine(Samples.RepoRoot, "workflows", "samples"), "*.yaml").Order(StringComparer.Ordinal).Select(File.ReadAllBytes)];

    /// <summary>A sample with 0 to 5 edits: (kind, a, b) each, applied in order by <see cref="Apply"/>.</summary>
    public static Gen<(int Sample, (int Kind, int A, int B)[] Edits)> Generator { get; } =
        Gen.Select(Gen.Int[0, SampleFiles.Count - 1], Gen.Select(Gen.Int[0, Kinds - 1], Gen.Int[0, 1_000_000], Gen.Int[0, 1_000_000]).Array[0, 5]);

    /// <summary>The file a case describes.</summary>
    public static byte[] Apply(int sample, IEnumerable<(int Kind, int A, int B)> edits)
    {
        ArgumentNullException.ThrowIfNull(edits);
        var lines = Split(SampleFiles[sample]);
        foreach (var (kind, a, b) in edits)
            Edit(lines, kind, a, b);
        return Join(lines);
    }

    private static void Edit(List<byte[]> lines, int kind, int a, int b)
    {
        if (lines.Count == 0)
            lines.Add([]);
        var i = a % lines.Count;
        var line = lines[i];
        var at = line.Length == 0 ? 0 : b % (line.Length + 1);
        switch (kind)
        {
            case 0:
                lines.RemoveAt(i);
                break;
            case 1:
                lines.Insert(i, line);
                break;
            case 2:
                (lines[i], lines[b % lines.Count]) = (lines[b % lines.Count], line);
                break;
            case 3: // random bytes, often not UTF-8
                var random = new byte[1 + b % 6];
                new Random(a ^ b).NextBytes(random);
                lines[i] = [.. line[..at], .. random, .. line[at..]];
                break;
            case 4: // a control character, NEL or a line separator
                byte[][] controls = [[(byte)(b % 32)], [0x7F], [0xC2, 0x85], [0xE2, 0x80, 0xA8], [0x1B, (byte)'[', (byte)'2', (byte)'J']];
                lines[i] = [.. line[..at], .. controls[a % controls.Length], .. line[at..]];
                break;
            case 5:
                lines[i] = [(byte)'\t', .. line];
                break;
            case 6: // deep nesting, in flow style or in block style
                var depth = 1 + b % 400;
                lines[i] = b % 2 == 0
                    ? Encoding.UTF8.GetBytes("nodes: " + new string('[', depth) + new string(']', a % 3 == 0 ? depth / 2 : depth))
                    : Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, Math.Min(depth, 150)).Select(d => new string(' ', d * 2) + $"k{d}:\n")));
                break;
            case 7: // a long name, or one with characters outside the name rule
                var name = (b % 4) switch
                {
                    0 => new string('n', 65 + a % 200_000),
                    1 => "node\u0007" + a,
                    2 => "\"exch\\n" + a + "\"",
                    _ => "EXCH " + a,
                };
                var target = lines.FindIndex(i, l => Encoding.UTF8.GetString(l).Contains("name: ", StringComparison.Ordinal));
                if (target >= 0)
                {
                    var text = Encoding.UTF8.GetString(lines[target]);
                    lines[target] = Encoding.UTF8.GetBytes(text[..(text.IndexOf("name: ", StringComparison.Ordinal) + 6)] + name);
                }

                break;
            case 8: // indentation changed by one to three spaces
                var by = 1 + b % 3;
                lines[i] = a % 2 == 0 ? [.. Enumerable.Repeat((byte)' ', by), .. line] : line.SkipWhile((x, n) => x == ' ' && n < by).ToArray();
                break;
            case 9:
                lines[i] = [.. line[..at], .. Encoding.UTF8.GetBytes(Punctuation[a % Punctuation.Length]), .. line[at..]];
                break;
            case 10: // a key with a line break and a forged position in it
                lines.Insert(i, Encoding.UTF8.GetBytes(new string(' ', b % 8) + $"\"k{a}\\nf.yaml:1:1: forged\": 1"));
                break;
            default: // a number too big for any setting
                lines[i] = [.. line[..at], .. Encoding.UTF8.GetBytes("99999999999999999999"), .. line[at..]];
                break;
        }
    }

    private static List<byte[]> Split(byte[] bytes)
    {
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == '\n')
            {
                lines.Add(bytes[start..i]);
                start = i + 1;
            }
        }

        lines.Add(bytes[start..]);
        return lines;
    }

    private static byte[] Join(List<byte[]> lines) => [.. lines.SelectMany((l, i) => i == 0 ? l : [(byte)'\n', .. l])];
}
