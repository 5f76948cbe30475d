using System.Net;
using System.Text.Json.Nodes;
using Paperclip.Testing;

namespace Paperclip.Host.Tests;

/// <summary>The views the run-lifecycle contract promised operators: runs filtered, a workspace's finalize state, its ledger, the workspace list.</summary>
[Collection(HostCollection.Name)]
public sealed class RunAndWorkspaceViewTests(HostFixture fixture)
{
    ApiClient Board => fixture.Host.Board;

    static string[] Ids(JsonNode list) => [.. list.AsArray().Select(r => r!["id"]!.GetValue<string>())];

    [Fact]
    public async Task Runs_FilterByAgentIssueAndStatus_NewestFirst_AndALimit()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string ok = await Scenario.AgentAsync(this.Board, company, "true", []);
        string failing = await Scenario.AgentAsync(this.Board, company, "false", []);
        JsonNode okIssue = await Scenario.IssueAsync(this.Board, company, ok);
        JsonNode failingIssue = await Scenario.IssueAsync(this.Board, company, failing);
        string first = await Scenario.WakeAsync(this.Board, company, ok, new { issueId = okIssue["id"]!.GetValue<string>() });
        await Scenario.FinishedRunAsync(this.Board, company, first);
        string second = await Scenario.WakeAsync(this.Board, company, ok, new { issueId = okIssue["id"]!.GetValue<string>() });
        await Scenario.FinishedRunAsync(this.Board, company, second);
        string failed = await Scenario.WakeAsync(this.Board, company, failing, new { issueId = failingIssue["id"]!.GetValue<string>() });
        await Scenario.FinishedRunAsync(this.Board, company, failed);

        Assert.Equal([second, first], Ids(await this.Board.GetAsync($"api/companies/{company}/runs?agentId={ok}")));
        Assert.Equal([failed], Ids(await this.Board.GetAsync($"api/companies/{company}/runs?status=failed")));
        Assert.Equal([second, first], Ids(await this.Board.GetAsync($"api/companies/{company}/runs?agentId={ok}&issueId={okIssue["id"]}&status=succeeded")));
        Assert.Empty(Ids(await this.Board.GetAsync($"api/companies/{company}/runs?agentId={failing}&status=succeeded")));
        Assert.Equal([failed], Ids(await this.Board.GetAsync($"api/companies/{company}/runs?limit=1")));

        foreach (string bad in new[] { "agentId=nope", "status=exploded", "limit=0", "limit=501", "agent=x" })
        {
            (HttpStatusCode status, JsonNode? problem, _) = await this.Board.SendAsync(HttpMethod.Get, $"api/companies/{company}/runs?{bad}");
            Assert.True(status == HttpStatusCode.BadRequest, $"{bad}: {(int)status} {problem?.ToJsonString()}");
            Assert.Equal("validation_failed", problem!["code"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task AWorkspace_ShowsItsFinalizeState_AndLatestOperation_AndItsLedgerOldestFirst()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string release = Path.Combine(Path.GetTempPath(), "paperclip-view-release-" + Guid.NewGuid().ToString("N"));
        string agent = await Scenario.AgentAsync(this.Board, company, "sh", ["-c", $"echo out; while [ ! -e '{release}' ]; do sleep 0.05; done; exit 4"], timeoutSec: 120);
        JsonNode issue = await Scenario.IssueAsync(this.Board, company, agent);
        try
        {
            string runId = await Scenario.WakeAsync(this.Board, company, agent, new { issueId = issue["id"]!.GetValue<string>() });
            JsonNode running = await this.Board.PollAsync($"api/companies/{company}/runs/{runId}", r => r["status"]!.GetValue<string>() == "running", TimeSpan.FromSeconds(60));
            string workspaceId = running["executionWorkspaceId"]!.GetValue<string>();

            JsonNode pending = await this.Board.GetAsync($"api/companies/{company}/workspaces/{workspaceId}");
            Assert.Equal("pending", pending["finalizeState"]!.GetValue<string>());
            Assert.Equal(("execute", "running", runId), (pending["latestOperation"]!["phase"]!.GetValue<string>(), pending["latestOperation"]!["status"]!.GetValue<string>(), pending["latestOperation"]!["runId"]!.GetValue<string>()));
            Assert.Equal(runId, pending["activeRunId"]!.GetValue<string>());

            File.WriteAllText(release, "go");
            await Scenario.FinishedRunAsync(this.Board, company, runId);
            string again = await Scenario.WakeAsync(this.Board, company, agent, new { issueId = issue["id"]!.GetValue<string>() });
            await Scenario.FinishedRunAsync(this.Board, company, again);

            JsonNode finalized = await this.Board.GetAsync($"api/companies/{company}/workspaces/{workspaceId}");
            Assert.Equal("finalized", finalized["finalizeState"]!.GetValue<string>());
            Assert.Equal(("workspace_finalize", "succeeded", again), (finalized["latestOperation"]!["phase"]!.GetValue<string>(), finalized["latestOperation"]!["status"]!.GetValue<string>(), finalized["latestOperation"]!["runId"]!.GetValue<string>()));
            Assert.NotNull(finalized["latestOperation"]!["finishedAt"]);

            JsonNode ledger = await this.Board.GetAsync($"api/companies/{company}/workspaces/{workspaceId}/operations");
            Assert.Equal(
                [$"{runId}:worktree_prepare", $"{runId}:execute", $"{runId}:workspace_finalize", $"{again}:worktree_prepare", $"{again}:execute", $"{again}:workspace_finalize"],
                ledger.AsArray().Select(o => $"{o!["runId"]}:{o["phase"]}"));
            JsonNode execute = ledger[1]!;
            Assert.Equal((4, "failed", "out\n"), (execute["exitCode"]!.GetValue<int>(), execute["status"]!.GetValue<string>(), execute["stdoutExcerpt"]!.GetValue<string>()));

            // Listed with the same view, by issue and by status.
            JsonNode listed = Assert.Single((await this.Board.GetAsync($"api/companies/{company}/workspaces?issueId={issue["id"]}")).AsArray())!;
            Assert.Equal((workspaceId, "finalized"), (listed["id"]!.GetValue<string>(), listed["finalizeState"]!.GetValue<string>()));
            Assert.Contains(workspaceId, Ids(await this.Board.GetAsync($"api/companies/{company}/workspaces?status=active")));
            Assert.Empty((await this.Board.GetAsync($"api/companies/{company}/workspaces?status=archived")).AsArray());
        }
        finally
        {
            File.Delete(release);
        }
    }

    [Fact]
    public async Task TheWorkspaceRoutes_KeepToTheCompany_AndRefuseBadInput()
    {
        string mine = await Scenario.CompanyAsync(this.Board);
        string theirs = await Scenario.CompanyAsync(this.Board);
        string theirAgent = await Scenario.AgentAsync(this.Board, theirs, "true", []);
        JsonNode theirIssue = await Scenario.IssueAsync(this.Board, theirs, theirAgent);
        string run = await Scenario.WakeAsync(this.Board, theirs, theirAgent, new { issueId = theirIssue["id"]!.GetValue<string>() });
        string workspaceId = (await Scenario.FinishedRunAsync(this.Board, theirs, run))["executionWorkspaceId"]!.GetValue<string>();
        string agent = await Scenario.AgentAsync(this.Board, mine, "true", []);
        using ApiClient asAgent = new(fixture.Host.BaseAddress, (await this.Board.CreateAsync($"api/companies/{mine}/agents/{agent}/keys", new { }))["key"]!.GetValue<string>());

        foreach (string path in new[] { $"workspaces/{workspaceId}", $"workspaces/{workspaceId}/operations", "workspaces", "runs" })
        {
            (HttpStatusCode status, JsonNode? problem, _) = await asAgent.SendAsync(HttpMethod.Get, $"api/companies/{theirs}/{path}");
            Assert.True(status == HttpStatusCode.NotFound, $"{path}: {(int)status}");
            Assert.Equal("not_found", problem!["code"]!.GetValue<string>());
        }

        // The workspace is another company's: in mine it does not exist.
        Assert.Equal(HttpStatusCode.NotFound, (await this.Board.SendAsync(HttpMethod.Get, $"api/companies/{mine}/workspaces/{workspaceId}/operations")).Status);
        Assert.Empty((await asAgent.GetAsync($"api/companies/{mine}/workspaces")).AsArray());
        foreach (string bad in new[] { "status=gone", "issueId=x", $"issueId={theirIssue["id"]}" })
        {
            (HttpStatusCode status, JsonNode? problem, _) = await this.Board.SendAsync(HttpMethod.Get, $"api/companies/{mine}/workspaces?{bad}");
            Assert.True(status == HttpStatusCode.BadRequest, $"{bad}: {(int)status} {problem?.ToJsonString()}");
            Assert.Equal("validation_failed", problem!["code"]!.GetValue<string>());
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await this.Board.SendAsync(HttpMethod.Get, $"api/companies/{theirs}/workspaces/{workspaceId}?x=1")).Status);
    }
}
