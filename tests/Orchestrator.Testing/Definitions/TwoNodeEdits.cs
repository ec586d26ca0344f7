namespace Orchestrator.Testing;

/// <summary>
/// two-node.yaml and the edits issue 16's `cluster apply` cases make to it (a node removed from exch1, the primary removed,
/// priorities swapped, exch1 renamed or deleted, a third node), as text.
/// </summary>
public static class TwoNodeEdits
{
    public static string Text { get; } = File.ReadAllText(Samples.TwoNode).ReplaceLineEndings("\n");

    public static string WithoutNode2 => Edit("      node2: 10\n", "");

    public static string WithoutPrimary => Edit("      node1: 1\n", "");

    public static string Swapped => Edit("      node1: 1\n      node2: 10\n", "      node1: 10\n      node2: 1\n");

    public static string Renamed => Edit("  - name: exch1\n", "  - name: exch9\n");

    public static string WithNode3 => Edit("  - name: node2\n    address: 10.0.0.12\n", "  - name: node2\n    address: 10.0.0.12\n  - name: node3\n    address: 10.0.0.13\n")
        .Replace("    kind: tcp\n", "    kind: tcp\n  - between: [node1, node3]\n    kind: tcp\n  - between: [node2, node3]\n    kind: tcp\n", StringComparison.Ordinal);

    public static string Extended => Edit(WithNode3, "      node2: 10\n", "      node2: 10\n      node3: 20\n");

    /// <summary>exch2, a second Exchange virtual server (volumes H, I, J), primary on node1, as a hierarchies item.</summary>
    public const string Exch2 = """
          - name: exch2
            mode: active-standby
            application:
              name: EXCH2
              services:
                - name: RESvc
                - name: MSExchangeSA
                - name: MSExchangeIS
                - name: SMTPSVC
                - name: W3SVC
            volumes:
              - name: H
                role: database
              - name: I
                role: logs
              - name: J
                role: smtp-queue
            ip: 10.0.0.101
            dns:
              - type: A
                name: mail2.example.com
            priorities:
              node1: 1
              node2: 10

        """;

    /// <summary>two-node.yaml with exch2 after exch1.</summary>
    public static string TwoHierarchies => Text.TrimEnd() + "\n" + Exch2;

    /// <summary>two-node.yaml with exch2 in place of exch1 (exch1 deleted).</summary>
    public static string OnlyExch2 => Text[..Text.IndexOf("  - name: exch1\n", StringComparison.Ordinal)] + Exch2;

    public static string Edit(string marker, string replacement) => Edit(Text, marker, replacement);

    public static string Edit(string text, string marker, string replacement)
    {
        Assert.Contains(marker, text, StringComparison.Ordinal);
        return text.Replace(marker, replacement, StringComparison.Ordinal);
    }
}
