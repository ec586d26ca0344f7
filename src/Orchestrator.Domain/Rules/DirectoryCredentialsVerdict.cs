namespace Orchestrator.Domain.Rules;

/// <summary>Whether the directory credentials can be used; when not, why and the command that fixes it (<see cref="Refusal"/>).</summary>
public sealed record DirectoryCredentialsVerdict(bool Usable, string? Refusal)
{
    public static readonly DirectoryCredentialsVerdict Ok = new(true, null);
}
