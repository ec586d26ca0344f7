namespace Orchestrator.Storage.Definitions;

/// <summary>A version of the cluster definition as applied.</summary>
public sealed class StoredDefinition
{
    public long Version { get; set; }
    public string Sha256 { get; set; } = "";
    public string ClusterName { get; set; } = "";
    public string SourcePath { get; set; } = "";
    public string Yaml { get; set; } = "";
    public DateTimeOffset AppliedAt { get; set; }
    public string AppliedBy { get; set; } = "";
}
