using System.Globalization;
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

    /// <summary>The highest fencing token accepted for this effect (0: applied without a claim).</summary>
    public long FencingToken { get; set; }

    /// <summary>The ledger identity: key + kind + node/target (one key may cover several targets of one step).</summary>
    public static string LedgerKey(EffectKey key, EffectKind kind, string node, string target) =>
        $"{key}|{kind}|{node}/{target}";

    /// <summary>This record's ledger identity (see <see cref="LedgerKey(EffectKey, EffectKind, string, string)"/>).</summary>
    public string LedgerKey() => $"{Key}|{Kind}|{Node}/{Target}";

    /// <summary>The procedure, step and generation of <see cref="Key"/> ("procedure:step:generation").</summary>
    public EffectKey ParseKey()
    {
        var parts = Key.Split(':');
        return parts.Length == 3
            && long.TryParse(parts[0], CultureInfo.InvariantCulture, out var procedure)
            && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var step)
            && int.TryParse(parts[2], CultureInfo.InvariantCulture, out var generation)
                ? new EffectKey(procedure, step, generation)
                : throw new InvalidDataException($"the applied effect key '{Key}' is not procedure:step:generation");
    }

    public AppliedEffectRecord Clone() =>
        new() { Key = Key, Kind = Kind, Node = Node, Target = Target, AppliedAt = AppliedAt, FencingToken = FencingToken };
}
