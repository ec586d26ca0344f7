namespace Orchestrator.Node;

/// <summary>
/// One resource on a node: its kind (<c>ip</c>, <c>volume</c>, <c>service</c>, <c>dns</c>, <c>script</c>, <c>fence</c>),
/// its name (unique per kind on the node) and its parameters (for a script: passed as <c>OCF_RESKEY_name</c>).
/// </summary>
public sealed record ResourceSpec(string Kind, string Name, IReadOnlyDictionary<string, string> Parameters);
