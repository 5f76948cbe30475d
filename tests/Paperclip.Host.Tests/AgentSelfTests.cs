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

    [Fact]
    public async Task HeartbeatContext_HasTheIssueItsAncestorsProjectCommentsAndWhatTheGatesKnow()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string release = Path.Combine(Path.GetTempPath(), "paperclip-hb-release-" + Guid.NewGuid().ToString("N"));
        string blocking = await Scenario.AgentAsync(this.Board, company, "sh", ["-c", $"while [ ! -e '{release}' ]; do sleep 0.05; done"], timeoutSec: 120);
        string project = (await this.Board.CreateAsync($"api/companies/{company}/projects", new { name = "Site" }))["id"]!.GetValue<string>();
        JsonNode root = await this.Board.CreateAsync($"api/companies/{company}/issues", new { title = "Launch", projectId = project });
        JsonNode parent = await this.Board.CreateAsync($"api/companies/{company}/issues", new { title = "Landing page", projectId = project, parentId = root["id"]!.GetValue<string>() });
        string blocker = (await Scenario.IssueAsync(this.Board, company, null, "copy"))["id"]!.GetValue<string>();
        JsonNode issue = await this.Board.CreateAsync($"api/companies/{company}/issues", new { title = "Hero section", projectId = project, parentId = parent["id"]!.GetValue<string>(), blockedByIssueIds = new[] { blocker } });
        string id = issue["id"]!.GetValue<string>();
        string comments = $"api/companies/{company}/issues/{id}/comments";
        string first = (await this.Board.CreateAsync(comments, new { body = "first" }))["id"]!.GetValue<string>();
        JsonNode second = await this.Board.CreateAsync(comments, new { body = "second" });
        string elsewhere = (await this.Board.CreateAsync($"api/companies/{company}/issues/{blocker}/comments", new { body = "on another issue" }))["id"]!.GetValue<string>();
        // Unassigned, so its comments wake nobody: nothing runs on its workspace while it is read.
        string path = $"api/companies/{company}/issues/{id}/heartbeat-context";
        string? run = null;
        try
        {
            JsonNode context = await this.Board.GetAsync($"{path}?wakeCommentId={first}");

            Assert.Equal((id, "Hero section"), (context["issue"]!["id"]!.GetValue<string>(), context["issue"]!["title"]!.GetValue<string>()));
            Assert.Equal(["Landing page", "Launch"], context["ancestors"]!.AsArray().Select(a => a!["title"]!.GetValue<string>()));
            Assert.Equal((project, "Site"), (context["project"]!["id"]!.GetValue<string>(), context["project"]!["name"]!.GetValue<string>()));
            Assert.Equal((2, second["id"]!.GetValue<string>()), (context["commentCursor"]!["totalComments"]!.GetValue<int>(), context["commentCursor"]!["latestCommentId"]!.GetValue<string>()));
            Assert.Equal("first", context["wakeComment"]!["body"]!.GetValue<string>());
            Assert.Equal(blocker, Assert.Single(context["blockers"]!.AsArray())!["id"]!.GetValue<string>());
            Assert.False(context["readiness"]!["isDependencyReady"]!.GetValue<bool>());
            Assert.True(context["workspaceFinalized"]!.GetValue<bool>());
            Assert.False(context["confirmationAwaitsFinalize"]!.GetValue<bool>());
            Assert.Null((await this.Board.GetAsync($"{path}?wakeCommentId={elsewhere}"))["wakeComment"]);

            // While a run is mid-flight on an issue's workspace, a pending confirmation there waits for its finalize.
            string busy = (await Scenario.IssueAsync(this.Board, company, blocking, "busy"))["id"]!.GetValue<string>();
            run = await Scenario.WakeAsync(this.Board, company, blocking, new { issueId = busy });
            await this.Board.PollAsync($"api/companies/{company}/runs/{run}", r => r["status"]!.GetValue<string>() == "running", TimeSpan.FromSeconds(60));
            await this.Board.CreateAsync($"api/companies/{company}/issues/{busy}/interactions", new { kind = "request_confirmation", title = "Ship it?" });
            JsonNode waiting = await this.Board.GetAsync($"api/companies/{company}/issues/{busy}/heartbeat-context");
            Assert.Equal((false, true), (waiting["workspaceFinalized"]!.GetValue<bool>(), waiting["confirmationAwaitsFinalize"]!.GetValue<bool>()));

            Assert.Equal(HttpStatusCode.BadRequest, (await this.Board.SendAsync(HttpMethod.Get, $"{path}?wakeCommentId=nope")).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await this.Board.SendAsync(HttpMethod.Get, $"api/companies/{company}/issues/{Guid.NewGuid()}/heartbeat-context")).Status);
        }
        finally
        {
            File.WriteAllText(release, "go");
            if (run is not null)
            {
                await Scenario.FinishedRunAsync(this.Board, company, run);
            }

            File.Delete(release);
        }
    }
}
