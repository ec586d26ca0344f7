namespace Orchestrator.Environment.World;

/// <summary>Persisted state of one switchable IP address: the node owning it, if any.</summary>
public sealed class AddressRecord
{
    public string Address { get; set; } = "";

    public string? Owner { get; set; }

    public AddressRecord Clone() => new() { Address = Address, Owner = Owner };
}
