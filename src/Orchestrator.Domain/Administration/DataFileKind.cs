namespace Orchestrator.Domain.Administration;

/// <summary>S10: the kinds of Exchange data whose location hierarchy creation checks.</summary>
public enum DataFileKind
{
    /// <summary>A store's database files (EDB/STM).</summary>
    Database,

    /// <summary>A storage group's transaction logs.</summary>
    TransactionLog,

    /// <summary>The SMTP queue directory.</summary>
    SmtpQueue,

    /// <summary>The SMTP badmail directory.</summary>
    Badmail,
}
