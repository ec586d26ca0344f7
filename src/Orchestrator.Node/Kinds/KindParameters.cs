namespace Orchestrator.Node.Kinds;

/// <summary>Reading a resource's parameters: present and not blank, or a NotConfigured answer that names the one missing.</summary>
internal static class KindParameters
{
    public static string? Optional(this ResourceSpec resource, string name) =>
        resource.Parameters.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    public static ResourceResult Missing(this ResourceSpec resource, string name) =>
        new(OcfExit.NotConfigured, $"{resource.Kind} resource {resource.Name}: parameter '{name}' is missing: add it");

    public static ResourceResult Invalid(this ResourceSpec resource, string name, string why) =>
        new(OcfExit.InvalidArgument, $"{resource.Kind} resource {resource.Name}: parameter '{name}' {why}");

    public static ResourceResult Unimplemented(this ResourceSpec resource, ResourceVerb verb) =>
        new(OcfExit.Unimplemented, $"{resource.Kind} resource {resource.Name}: no action {verb}");
}
