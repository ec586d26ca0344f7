using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Orchestrator.Workflows.Administration;

/// <summary>
/// What an administration procedure carries in its first audit row ("Requested"): the next cluster definition text
/// (<paramref name="Yaml"/>), the stored version it was computed from (<paramref name="BaseVersion"/>), the command in words
/// (<paramref name="Source"/>, e.g. "hierarchy extend exch1 --to node3") and the S6 warnings the operator overrode with --force.
/// Its last step stores that text (<see cref="DefinitionStoreAction"/>).
/// </summary>
public sealed record AdminProposal(long BaseVersion, string Yaml, string Source, IReadOnlyList<string> Overridden)
{
    /// <summary>The SHA-256 of the text, as the definition store computes it.</summary>
    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Yaml)));

    public string ToJson() => JsonSerializer.Serialize(this);

    public static AdminProposal? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<AdminProposal>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
