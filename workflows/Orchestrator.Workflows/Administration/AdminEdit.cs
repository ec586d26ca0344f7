using Orchestrator.Engine.Definitions;

namespace Orchestrator.Workflows.Administration;

/// <summary>
/// The definition an administration command proposes: the command in words (<paramref name="Source"/>, as the audit and the
/// validation refusal name it) and the next definition text, an edit of the stored one (<see cref="DefinitionEditor"/>).
/// </summary>
public sealed record AdminEdit(string Source, string NextYaml);
