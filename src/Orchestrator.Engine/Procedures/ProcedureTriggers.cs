namespace Orchestrator.Engine.Procedures;

/// <summary>Triggers every procedure's machine understands.</summary>
public static class ProcedureTriggers
{
    public const string StepSucceeded = "StepSucceeded";
    public const string StepFailed = "StepFailed";
    public const string MaxWaitExceeded = "MaxWaitExceeded";
    public const string OperatorRetry = "OperatorRetry";
    public const string OperatorCancel = "OperatorCancel";
    public const string OperatorApprove = "OperatorApprove";

    /// <summary>The operator skips the failed step (where its action allows it) and the procedure goes on with the next one.</summary>
    public const string OperatorSkip = "OperatorSkip";

    /// <summary>The step a draining procedure waited for has reported (done, failed, waiting or taken over): the drain ends.</summary>
    public const string StepReported = "StepReported";
}
