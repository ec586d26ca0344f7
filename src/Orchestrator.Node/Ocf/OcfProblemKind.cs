namespace Orchestrator.Node.Ocf;

/// <summary>What is wrong with one parameter given to a resource agent, against its meta-data.</summary>
public enum OcfProblemKind
{
    /// <summary>A required parameter is absent or empty.</summary>
    MissingRequired,

    /// <summary>The agent's meta-data declares no parameter of that name.</summary>
    Unknown,

    /// <summary>The value does not read as the parameter's content type (integer, boolean).</summary>
    InvalidValue,

    /// <summary>The agent's meta-data could not be read (agent missing, failing, or not OCF XML).</summary>
    NoMetadata,
}
