using Microsoft.AspNetCore.Http;
using Orchestrator.Host.Web;
using Orchestrator.Host.Web.Data;
using Orchestrator.Host.Web.Endpoints;

namespace Orchestrator.Engine.Tests.Web;

/// <summary>Issue 15: a hierarchy name in a dashboard URL keeps the cluster file's name rule, else 400 naming it.</summary>
public sealed class NameQueryTests
{
    private static HttpContext With(string query)
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(query);
        return context;
    }

    [Fact]
    public void A_hierarchy_name_that_keeps_the_rule_is_taken() =>
        Assert.Equal("exch1", RouteValues.Name(With("?hierarchy=exch1"), "hierarchy", "hierarchy"));

    [Theory]
    [InlineData("?hierarchy=exch%0A1", "hierarchy='exch\\n1': the hierarchy name contains '\\n'")]
    [InlineData("?hierarchy=exch%1B1", "hierarchy='exch\\x1B1': the hierarchy name contains '\\x1B'")]
    [InlineData("?hierarchy=exch%201", "contains ' '")]
    [InlineData("?hierarchy=-exch1", "starts with '-'")]
    public void The_procedures_pages_refuse_a_hierarchy_name_that_breaks_the_rule_naming_it(string query, string problem)
    {
        var refused = Assert.Throws<WebInputException>(() => RouteValues.Name(With(query), "hierarchy", "hierarchy"));

        Assert.StartsWith("hierarchy=", refused.Message, StringComparison.Ordinal);
        Assert.Contains(problem, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(refused.Message, char.IsControl);
    }

    [Fact]
    public void The_audit_page_refuses_a_hierarchy_name_that_breaks_the_rule()
    {
        var refused = Assert.Throws<WebInputException>(() => AuditRequest.Parse(With("?hierarchy=a%2Fb").Request.Query));

        Assert.Contains("the hierarchy name contains '/'", refused.Message, StringComparison.Ordinal);
    }
}
