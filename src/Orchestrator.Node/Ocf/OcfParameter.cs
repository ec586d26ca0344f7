namespace Orchestrator.Node.Ocf;

/// <summary>
/// One parameter of a resource agent's meta-data: its name (given as <c>OCF_RESKEY_name</c>), whether it is required,
/// its content type (string, integer, boolean...), its default and its short description.
/// </summary>
public sealed record OcfParameter(string Name, bool Required, string Type, string? Default, string ShortDescription);
