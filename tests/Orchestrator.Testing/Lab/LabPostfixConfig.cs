using System.Globalization;
using System.Net;

namespace Orchestrator.Testing.Lab;

/// <summary>
/// The configuration directory of one node's Postfix instance (<c>postfix -c DIR</c>): main.cf and master.cf of its own,
/// listening on the switchable mail address only, its queue and mailbox on the volume, its data directory and log on the
/// node. No chroot (nothing to copy into the queue directory), no DNS lookups of clients, logging to a file through
/// postlogd (no syslog in a namespace). The one mailbox, <see cref="LabMail.Recipient"/>, is a Maildir delivered by
/// virtual(8) as nobody: no system account is needed.
/// </summary>
internal static class LabPostfixConfig
{
    /// <summary>The uid and gid that virtual(8) delivers as (nobody), the owner of the mailbox directory.</summary>
    public const int MailboxOwner = 65534;

    /// <summary>
    /// main.cf of <paramref name="node"/>'s instance, listening on <paramref name="address"/> and, when given, on
    /// <paramref name="nodeAddress"/> too (the node's own: where the orchestrator's DNS record points the mail name).
    /// </summary>
    public static string MainCf(
        string node, IPAddress address, string configDirectory, string dataDirectory, string queueDirectory, string mailboxBase, IPAddress? nodeAddress = null) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"""
             # The lab's Postfix for {node} (issue 14): started with `postfix -c {configDirectory} start`.
             compatibility_level = 3.6
             myhostname = {LabDns.MailName}
             mydomain = {LabDns.Zone}
             myorigin = {LabDns.MailName}
             mydestination =
             smtpd_banner = $myhostname ESMTP {node}
             inet_interfaces = {address}{(nodeAddress is null ? "" : $", {nodeAddress}")}
             inet_protocols = ipv4
             mynetworks = {address}/32
             queue_directory = {queueDirectory}
             data_directory = {dataDirectory}
             maillog_file = {dataDirectory}/maillog
             maillog_file_prefixes = {dataDirectory}
             syslog_name = lab-{node}
             smtpd_peername_lookup = no
             enable_long_queue_ids = yes
             alias_maps =
             alias_database =
             local_recipient_maps =
             virtual_mailbox_domains = {LabDns.MailName}
             virtual_mailbox_base = {mailboxBase}
             virtual_mailbox_maps = texthash:{configDirectory}/mailboxes
             virtual_uid_maps = static:{MailboxOwner}
             virtual_gid_maps = static:{MailboxOwner}
             queue_run_delay = 1s
             minimal_backoff_time = 1s
             maximal_backoff_time = 2s

             """);

    /// <summary>The mailbox map: the one recipient, in a Maildir (trailing slash) named after its local part.</summary>
    public static string Mailboxes => $"{LabMail.Recipient} {LabMail.MailboxName}/\n";

    public const string MasterCf =
        """
        # service type  private unpriv  chroot  wakeup  maxproc command
        smtp      inet  n       -       n       -       -       smtpd
        pickup    unix  n       -       n       60      1       pickup
        cleanup   unix  n       -       n       -       0       cleanup
        qmgr      unix  n       -       n       300     1       qmgr
        rewrite   unix  -       -       n       -       -       trivial-rewrite
        bounce    unix  -       -       n       -       0       bounce
        defer     unix  -       -       n       -       0       bounce
        trace     unix  -       -       n       -       0       bounce
        verify    unix  -       -       n       -       1       verify
        flush     unix  n       -       n       1000    0       flush
        proxymap  unix  -       -       n       -       -       proxymap
        smtp      unix  -       -       n       -       -       smtp
        showq     unix  n       -       n       -       -       showq
        error     unix  -       -       n       -       -       error
        retry     unix  -       -       n       -       -       error
        discard   unix  -       -       n       -       -       discard
        virtual   unix  -       n       n       -       -       virtual
        anvil     unix  -       -       n       -       1       anvil
        scache    unix  -       -       n       -       1       scache
        postlog   unix-dgram n  -       n       -       1       postlogd

        """;
}
