namespace Orchestrator.Domain.Cluster;

/// <summary>S23: one server of the public-folder owner list (the directory's msExchOwningPFTreeBL order), first owner first.</summary>
public sealed record PublicFolderOwner(string Node, SourceLocation Location);
