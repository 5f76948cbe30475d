using System.Net;
using System.Text.Json.Nodes;
using Paperclip.Testing;

namespace Paperclip.Host.Tests;

/// <summary>An agent's own routes, upstream-shaped (no company in the path): who am I, and my inbox.</summary>
[Collection(HostCollection.Name)]
public sealed class AgentSelfTests(HostFixture fixture)
{
    ApiClient Board => fixture.Host.Board;

    [Fact]
    public async Task Me_IsTheCallingAgent_WithWhatItMayDo_AndOnlyForAgentKeys()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string agent = await Scenario.AgentAsync(this.Board, company, "true", []);
        using ApiClient asAgent = new(fixture.Host.BaseAddress, (await this.Board.CreateAsync($"api/companies/{company}/agents/{agent}/keys", new { }))["key"]!.GetValue<string>());

        JsonNode me = await asAgent.GetAsync("api/agents/me");

        Assert.Equal((agent, company, "process"), (me["id"]!.GetValue<string>(), me["companyId"]!.GetValue<string>(), me["adapterType"]!.GetValue<string>()));
        Assert.Empty(me["chainOfCommand"]!.AsArray());
        Assert.False(me["access"]!["canAssignTasks"]!.GetValue<bool>());
        Assert.Contains("checkout", me["access"]!["may"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.StartsWith("agent-", me["urlKey"]!.GetValue<string>(), StringComparison.Ordinal);

        foreach (string path in new[] { "api/agents/me", "api/agents/me/inbox-lite" })
        {
            (HttpStatusCode status, JsonNode? problem, _) = await this.Board.SendAsync(HttpMethod.Get, path);
            Assert.Equal((HttpStatusCode.Unauthorized, "agent_authentication_required"), (status, problem!["code"]!.GetValue<string>()));
            Assert.Equal(HttpStatusCode.BadRequest, (await asAgent.SendAsync(HttpMethod.Get, path + "?x=1")).Status);
        }
    }

    [Fact]
    public async Task InboxLite_ListsTheAgentsOpenWork_MostRecentFirst_WithReadiness()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string agent = await Scenario.AgentAsync(this.Board, company, "true", []);
        string other = await Scenario.AgentAsync(this.Board, company, "true", []);
        using ApiClient asAgent = new(fixture.Host.BaseAddress, (await this.Board.CreateAsync($"api/companies/{company}/agents/{agent}/keys", new { }))["key"]!.GetValue<string>());
        string blocker = (await Scenario.IssueAsync(this.Board, company, other, "blocker"))["id"]!.GetValue<string>();
        string older = (await Scenario.IssueAsync(this.Board, company, agent, "older"))["id"]!.GetValue<string>();
        string blocked = (await this.Board.CreateAsync($"api/companies/{company}/issues", new { title = "blocked", assigneeAgentId = agent, blockedByIssueIds = new[] { blocker } }))["id"]!.GetValue<string>();
        string done = (await Scenario.IssueAsync(this.Board, company, agent, "finished"))["id"]!.GetValue<string>();
        await this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Patch, $"api/companies/{company}/issues/{done}", new { status = "done" });
        await Scenario.IssueAsync(this.Board, company, other, "not mine");

        JsonNode inbox = await asAgent.GetAsync("api/agents/me/inbox-lite");

        Assert.Equal([blocked, older], inbox.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        JsonNode first = inbox[0]!;
        Assert.Equal((false, 1, blocker), (first["dependencyReady"]!.GetValue<bool>(), first["unresolvedBlockerCount"]!.GetValue<int>(), first["unresolvedBlockerIssueIds"]![0]!.GetValue<string>()));
        Assert.True(inbox[1]!["dependencyReady"]!.GetValue<bool>());
        Assert.Null(inbox[1]!["activeRun"]);
        Assert.NotNull(inbox[1]!["identifier"]);
    }
}
