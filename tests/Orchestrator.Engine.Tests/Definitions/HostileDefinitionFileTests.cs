using System.Diagnostics;
using System.Text;
using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Definitions;

namespace Orchestrator.Engine.Tests.Definitions;

/// <summary>Issue 15, hostile cluster files: each refused with one error line at its own position, and quickly.</summary>
public sealed class HostileDefinitionFileTests
{
    private const string Valid = """
        cluster: c1
        settings:
          maxwait: 900
          automatic-failover: true
        nodes:
          - name: node1
            address: 10.0.0.11
          - name: node2
            address: 10.0.0.12
        paths:
          - between: [node1, node2]
        hierarchies:
          - name: exch1
            application:
              name: EXCH1
              services:
                - name: MSExchangeIS
            priorities:
              node1: 1
              node2: 10
        """;

    private static string[] Lines => Valid.Split('\n');

    private static string WithLine(int line, string text)
    {
        var lines = Lines;
        lines[line - 1] = text;
        return string.Join('\n', lines);
    }

    private static string ParseFileOf(byte[] bytes, out ClusterDefinitionParseResult result)
    {
        var file = Path.Combine(Path.GetTempPath(), $"hostile-{Guid.NewGuid():N}.yaml");
        File.WriteAllBytes(file, bytes);
        try
        {
            result = ClusterDefinitionParser.ParseFile(file);
            return ClusterDefinitionParser.Format("c.yaml", result.Errors);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_refused_where_it_gets_too_deep_not_read_recursively()
    {
        var yaml = "cluster: c1\nnodes: " + new string('[', 70) + new string(']', 70) + "\n";

        var result = ClusterDefinitionParser.ParseAndValidate(yaml);

        var error = Assert.Single(result.Errors);
        Assert.Equal(new SourceLocation(2, 7 + 64), error.Location);
        Assert.Contains($"nested more than {64} deep", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Thirty_thousand_levels_of_nesting_are_refused_without_a_stack_overflow()
    {
        var yaml = "cluster: c1\nnodes: " + new string('[', 30_000) + new string(']', 30_000) + "\n";

        var result = ClusterDefinitionParser.ParseAndValidate(yaml);

        Assert.Equal(2, Assert.Single(result.Errors).Location.Line);
    }

    [Fact]
    public void Invalid_utf8_is_refused_naming_its_line_and_column_not_read_with_replacement_characters()
    {
        var lines = Lines.Select(l => Encoding.UTF8.GetBytes(l + "\n")).ToList();
        lines[7] = [.. Encoding.UTF8.GetBytes("  - name: nö"), 0xFF, .. Encoding.UTF8.GetBytes("de2\n")];
        var bytes = lines.SelectMany(l => l).ToArray();

        var output = ParseFileOf(bytes, out var result);

        Assert.Null(result.Definition);
        var error = Assert.Single(result.Errors);
        Assert.Equal(new SourceLocation(8, 13), error.Location);
        Assert.Contains("not UTF-8: byte 0xFF", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("c.yaml:8:13: ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_utf8_byte_order_mark_is_no_error()
    {
        var output = ParseFileOf([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Valid)], out var result);

        Assert.True(result.Succeeded, output);
    }

    [Fact]
    public void An_unknown_key_with_a_newline_cannot_forge_a_second_error_line()
    {
        var yaml = WithLine(7, "    \"addr\\nc.yaml:1:1: forged\\u001b[2J\": 1");

        var result = ClusterDefinitionParser.ParseAndValidate(yaml);
        var output = ClusterDefinitionParser.Format("c.yaml", result.Errors);

        Assert.Single(output.Split('\n'));
        Assert.StartsWith("c.yaml:7:5: Unknown key 'addr\\nc.yaml:1:1: forged\\x1B[2J'", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_with_control_characters_is_escaped_in_the_message()
    {
        var yaml = WithLine(4, "  automatic-failover: \"yes\\r\\u0007\"");

        var output = ClusterDefinitionParser.Format("c.yaml", ClusterDefinitionParser.ParseAndValidate(yaml).Errors);

        Assert.Equal("c.yaml:4:23: 'automatic-failover' of settings must be true or false, not 'yes\\r\\x07'. Fix: Write 'automatic-failover: true' or 'automatic-failover: false'.", output);
    }

    [Fact]
    public void A_tab_used_as_indentation_is_reported_on_its_own_line()
    {
        var yaml = WithLine(6, "\t- name: node1");

        var error = Assert.Single(ClusterDefinitionParser.ParseAndValidate(yaml).Errors);

        Assert.Equal(6, error.Location.Line);
        Assert.Contains("tab", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_bad_setting_is_reported_at_its_own_key_not_at_the_first_settings_key()
    {
        var yaml = WithLine(4, "  monitor-interval: 0") + "\n";
        yaml = yaml.Replace("  maxwait: 900", "  maxwait: 0", StringComparison.Ordinal);

        var errors = ClusterDefinitionParser.ParseAndValidate(yaml).Errors;

        Assert.Equal([new SourceLocation(3, 12), new SourceLocation(4, 21)], errors.Select(e => e.Location));
    }

    [Fact]
    public void A_bad_node_address_is_reported_at_the_address_not_at_the_node()
    {
        var errors = ClusterDefinitionParser.ParseAndValidate(WithLine(9, "    address: 10.0.0.999")).Errors;

        Assert.Equal(new SourceLocation(9, 14), Assert.Single(errors).Location);
    }

    [Fact]
    public void A_bad_optional_service_is_reported_at_its_own_item()
    {
        var yaml = Valid.Replace("      services:", "      optional-services: [IMAP4Svc, \"POP3 Svc\"]\n      services:", StringComparison.Ordinal);

        var error = Assert.Single(ClusterDefinitionParser.ParseAndValidate(yaml).Errors);

        Assert.Equal(new SourceLocation(16, 37), error.Location);
    }

    [Fact]
    public void A_path_to_an_unknown_node_is_reported_at_that_node_in_between()
    {
        var errors = ClusterDefinitionParser.ParseAndValidate(WithLine(11, "  - between: [node1, node9]")).Errors;

        Assert.Contains(errors, e => e.Location == new SourceLocation(11, 22) && e.Message.Contains("unknown node 'node9'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("    volumes:\n      - name: E\n        role: databse", 20, 15, "unknown role 'databse'")]
    [InlineData("    dns:\n      - type: CNAME\n        name: mail.example.com", 19, 15, "type 'CNAME'")]
    public void A_bad_volume_role_or_dns_type_is_reported_at_its_value(string lines, int line, int column, string text)
    {
        var yaml = Valid.Replace("    priorities:", lines + "\n    priorities:", StringComparison.Ordinal);

        var error = Assert.Single(ClusterDefinitionParser.ParseAndValidate(yaml).Errors);

        Assert.Equal(new SourceLocation(line, column), error.Location);
        Assert.Contains(text, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_routing_group_is_reported_at_its_key()
    {
        var yaml = WithLine(7, "    address: 10.0.0.11\n    routing-group: \"\"");

        var error = Assert.Single(ClusterDefinitionParser.ParseAndValidate(yaml).Errors);

        Assert.Equal(new SourceLocation(8, 20), error.Location);
    }

    [Theory]
    [InlineData(1, "cluster: \"c\\n1\"", 1, 10)]
    [InlineData(6, "  - name: \"node\\u001b1\"", 6, 11)]
    [InlineData(13, "  - name: \"exch\\u00001\"", 13, 11)]
    [InlineData(15, "      name: \"EXCH\\a1\"", 15, 13)]
    [InlineData(17, "          - name: \"MSExchange/IS\"", 17, 19)]
    public void A_name_that_breaks_the_name_rule_is_refused_at_the_name(int line, string text, int errorLine, int errorColumn)
    {
        var yaml = WithLine(line, text);

        var errors = ClusterDefinitionParser.ParseAndValidate(yaml).Errors;

        Assert.Contains(errors, e => e.Location == new SourceLocation(errorLine, errorColumn) && e.Message.Contains("name", StringComparison.OrdinalIgnoreCase));
        Assert.Single(ClusterDefinitionParser.Format("c.yaml", errors).Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith($"c.yaml:{errorLine}:{errorColumn}:", StringComparison.Ordinal));
        Assert.DoesNotContain(ClusterDefinitionParser.Format("c.yaml", errors), c => c < ' ' && c != '\n');
    }

    [Fact]
    public void A_ten_megabyte_name_is_refused_quickly_with_a_short_message()
    {
        var yaml = WithLine(6, "  - name: n" + new string('x', 10_000_000));
        var clock = Stopwatch.StartNew();

        var result = ClusterDefinitionParser.ParseAndValidate(yaml);

        Assert.Null(result.Definition);
        var output = ClusterDefinitionParser.Format("c.yaml", result.Errors);
        Assert.True(output.Length < 4_000, $"the errors print {output.Length} characters");
        Assert.Contains("c.yaml:6:11: Node name 'nxxx", output, StringComparison.Ordinal);
        Assert.Contains("10000001 characters", output, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }
}
