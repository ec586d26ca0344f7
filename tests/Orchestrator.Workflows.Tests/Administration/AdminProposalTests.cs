using System.Security.Cryptography;
using System.Text;
using Orchestrator.Domain.Administration;
using Orchestrator.Engine.Errors;
using Orchestrator.Workflows.Administration;
using Orchestrator.Workflows.HierarchyExtend;

namespace Orchestrator.Workflows.Tests.Administration;

public sealed class AdminProposalTests
{
    [Fact]
    public void A_proposal_reads_back_from_its_json_with_the_sha_the_definition_store_computes()
    {
        var proposal = new AdminProposal(7, "cluster: c\n# ünïcode\n", "hierarchy extend exch1 --to node3 --priority 20", ["node1 is the primary"]);

        var read = AdminProposal.Parse(proposal.ToJson());

        Assert.NotNull(read);
        Assert.Equal((7L, proposal.Yaml, proposal.Source), (read.BaseVersion, read.Yaml, read.Source));
        Assert.Equal(["node1 is the primary"], read.Overridden);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(proposal.Yaml))), read.Sha256);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("{not json")]
    public void Data_that_is_not_a_proposal_reads_as_none(string? json) => Assert.Null(AdminProposal.Parse(json));

    [Theory]
    [InlineData("storage group", "SG Old", "First Storage Group")]
    [InlineData("mailbox store", "Mailbox Store (A: B)", "Mailbox Store (EXCH1)")]
    [InlineData("public store", "Public -> Old", "Public Folder Store (EXCH1)")]
    [InlineData("public store", "O'Brien's ''store'' ", "Public: 'x' -> y")]
    public void A_store_rename_written_in_a_step_target_reads_back_the_same(string kind, string from, string to)
    {
        var rename = new StoreRename("node3", kind, from, to);

        Assert.Equal(rename, StoreRenameTarget.Read("node3", StoreRenameTarget.Write(rename)));
    }

    [Theory]
    [InlineData("mailbox store: Old -> New")]
    [InlineData("mailbox store: 'Old' -> 'New' and more")]
    [InlineData("mailbox store: 'Old -> 'New'")]
    public void A_target_that_is_not_a_store_rename_is_refused(string target) =>
        Assert.Throws<FormatException>(() => StoreRenameTarget.Read("node3", target));

    [Fact]
    public void A_refused_verdict_is_bad_input_with_every_finding_on_its_own_line()
    {
        var verdict = AdminVerdict.Refused("hierarchy h", "first problem").Plus(AdminVerdict.Warn("hierarchy h", "a warning"));

        var e = Assert.Throws<BadInputException>(() => AdminVerdicts.Enforce(verdict, force: true));

        Assert.Equal(["first problem", "warning (needs --force): a warning"], e.Message.Split(System.Environment.NewLine));
    }

    [Fact]
    public void Warnings_alone_need_force_and_are_returned_to_be_audited_with_it()
    {
        var verdict = AdminVerdict.Warn("node n1 of hierarchy h", "n1 is the primary");

        var e = Assert.Throws<BadInputException>(() => AdminVerdicts.Enforce(verdict, force: false));
        Assert.Contains("--force", e.Message, StringComparison.Ordinal);

        Assert.Equal(["n1 is the primary"], AdminVerdicts.Enforce(verdict, force: true).Select(f => f.Message));
        Assert.Empty(AdminVerdicts.Enforce(AdminVerdict.Allowed, force: false));
    }
}
