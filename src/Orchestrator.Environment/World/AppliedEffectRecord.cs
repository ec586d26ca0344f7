using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.World;

/// <summary>An effect the world applied, remembered so that a call with the same key, kind and target is a replay.</summary>
public sealed class AppliedEffectRecord
{
    public string Key { get; set; } = "";

    public EffectKind Kind { get; set; }

    public string Node { get; set; } = "";

    public string Target { get; set; } = "";

    public DateTimeOffset AppliedAt { get; set; }

    /// <summary>The ledger identity: key + kind + node/target (one key may cover several targets of one step).</summary>
    public static string LedgerKey(EffectKey key, EffectKind kind, string node, string target) =>
        $"{key}|{kind}|{node}/{target}";

    public AppliedEffectRecord Clone() =>
        new() { Key = Key, Kind = Kind, Node = Node, Target = Target, AppliedAt = AppliedAt };
}
