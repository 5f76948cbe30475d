using System.Net;
using System.Text.Json.Nodes;
using Paperclip.Testing;

namespace Paperclip.Host.Tests;

/// <summary>Issue comments through the API: upstream's shapes, ordering and cursors, reopen and interrupt, and the wakes they cause.</summary>
[Collection(HostCollection.Name)]
public sealed class CommentTests(HostFixture fixture)
{
    // The agent reports why it was woken, and by which comment.
    static readonly string[] Report = ["-c", "echo \"$PAPERCLIP_WAKE_REASON $PAPERCLIP_WAKE_COMMENT_ID\""];

    // Posts a comment from inside its run with its run-scoped key, mentioning the agent named in MENTION.
    const string Commenter = """
        import json, os, urllib.request
        url = f"{os.environ['PAPERCLIP_API_URL']}/api/issues/{os.environ['PAPERCLIP_TASK_ID']}/comments"
        body = json.dumps({"body": f"Done with my part.\\nOver to [@Reviewer](agent://{os.environ['MENTION']}) for review."}).encode()
        request = urllib.request.Request(url, data=body, method="POST", headers={"Authorization": "Bearer " + os.environ["PAPERCLIP_API_KEY"], "Content-Type": "application/json"})
        with urllib.request.urlopen(request) as response:
            print(json.load(response)["id"])
        """;

    ApiClient Board => fixture.Host.Board;

    static string CommentsOf(string company, string issue) => $"api/companies/{company}/issues/{issue}/comments";

    async Task<JsonNode> RunOfAsync(string company, string agent, string reason)
    {
        JsonNode runs = await this.Board.PollAsync($"api/companies/{company}/runs?agentId={agent}",
            list => list.AsArray().Any(r => r!["wakeReason"]!.GetValue<string>() == reason), TimeSpan.FromSeconds(60));
        string runId = runs.AsArray().First(r => r!["wakeReason"]!.GetValue<string>() == reason)!["id"]!.GetValue<string>();
        return await Scenario.FinishedRunAsync(this.Board, company, runId);
    }

    [Fact]
    public async Task ABoardComment_IsStoredInUpstreamsShape_AndWakesTheAssigneeWithIt()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string agent = await Scenario.AgentAsync(this.Board, company, "sh", Report);
        string issue = (await Scenario.IssueAsync(this.Board, company, agent))["id"]!.GetValue<string>();

        JsonNode comment = await this.Board.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, CommentsOf(company, issue), new { body = "Please also cover the edge cases.\\nThanks!" });

        Assert.Equal((issue, company, "local-board", "user"), (comment["issueId"]!.GetValue<string>(), comment["companyId"]!.GetValue<string>(), comment["authorUserId"]!.GetValue<string>(), comment["authorType"]!.GetValue<string>()));
        Assert.Null(comment["authorAgentId"]);
        Assert.Null(comment["createdByRunId"]);
        Assert.Equal("Please also cover the edge cases.\nThanks!", comment["body"]!.GetValue<string>());
        JsonNode run = await this.RunOfAsync(company, agent, "issue_commented");
        Assert.Equal($"issue_commented {comment["id"]}\n", run["stdoutExcerpt"]!.GetValue<string>());
        Assert.Equal(comment.ToJsonString(), (await this.Board.GetAsync($"{CommentsOf(company, issue)}/{comment["id"]}")).ToJsonString());
        JsonNode added = (await this.Board.GetAsync($"api/companies/{company}/activity")).AsArray().First(e => e!["action"]!.GetValue<string>() == "issue.comment_added")!;
        Assert.Equal(comment["id"]!.GetValue<string>(), added["details"]!["commentId"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnAgentsComment_RecordsItsRun_DoesNotWakeItself_AndWakesTheAgentItMentions()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string reviewer = await Scenario.AgentAsync(this.Board, company, "sh", Report);
        string author = (await this.Board.CreateAsync($"api/companies/{company}/agents", new
        {
            name = "author-" + Guid.NewGuid().ToString("N")[..6],
            adapterType = "process",
            adapterConfig = new { command = "python3", args = new[] { "-c", Commenter }, env = new { MENTION = reviewer } },
        }))["id"]!.GetValue<string>();
        string issue = (await Scenario.IssueAsync(this.Board, company, author))["id"]!.GetValue<string>();

        string runId = await Scenario.WakeAsync(this.Board, company, author, new { issueId = issue });
        JsonNode run = await Scenario.FinishedRunAsync(this.Board, company, runId);
        Assert.True(run["status"]!.GetValue<string>() == "succeeded", run.ToJsonString());

        JsonNode comment = Assert.Single((await this.Board.GetAsync(CommentsOf(company, issue))).AsArray())!;
        Assert.Equal(run["stdoutExcerpt"]!.GetValue<string>().Trim(), comment["id"]!.GetValue<string>());
        Assert.Equal((author, runId, "agent"), (comment["authorAgentId"]!.GetValue<string>(), comment["createdByRunId"]!.GetValue<string>(), comment["authorType"]!.GetValue<string>()));
        Assert.Null(comment["authorUserId"]);

        JsonNode mentioned = await this.RunOfAsync(company, reviewer, "issue_comment_mentioned");
        Assert.Equal($"issue_comment_mentioned {comment["id"]}\n", mentioned["stdoutExcerpt"]!.GetValue<string>());
        Assert.DoesNotContain((await this.Board.GetAsync($"api/companies/{company}/runs?agentId={author}")).AsArray(), r => r!["wakeReason"]!.GetValue<string>() == "issue_commented");
    }

    [Fact]
    public async Task Lists_AreNewestFirst_OrOldestFirst_WithACursorAndALimit()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string issue = (await Scenario.IssueAsync(this.Board, company, null))["id"]!.GetValue<string>();
        List<string> ids = [];
        for (int i = 0; i < 5; i++)
        {
            ids.Add((await this.Board.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, CommentsOf(company, issue), new { body = $"comment {i}" }))["id"]!.GetValue<string>());
        }

        static string[] Ids(JsonNode list) => [.. list.AsArray().Select(c => c!["id"]!.GetValue<string>())];
        string path = CommentsOf(company, issue);
        Assert.Equal(Enumerable.Reverse(ids), Ids(await this.Board.GetAsync(path)));
        Assert.Equal(ids, Ids(await this.Board.GetAsync($"{path}?order=ASC")));
        Assert.Equal(ids[3..], Ids(await this.Board.GetAsync($"{path}?after={ids[2]}&order=asc")));
        Assert.Equal(ids[3..4], Ids(await this.Board.GetAsync($"{path}?afterCommentId={ids[2]}&order=asc&limit=1")));
        Assert.Equal([ids[1], ids[0]], Ids(await this.Board.GetAsync($"{path}?after={ids[2]}")));
        Assert.Empty(Ids(await this.Board.GetAsync($"{path}?after={Guid.NewGuid()}&order=asc")));
        Assert.Equal(5, Ids(await this.Board.GetAsync($"{path}?limit=100000")).Length);
    }

    [Fact]
    public async Task Reopen_MovesAClosedIssueBackToTodo_AndWakesTheAssigneeAsReopened()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string agent = await Scenario.AgentAsync(this.Board, company, "sh", Report);
        string issue = (await Scenario.IssueAsync(this.Board, company, agent))["id"]!.GetValue<string>();
        await this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Patch, $"api/companies/{company}/issues/{issue}", new { status = "done" });

        JsonNode comment = await this.Board.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, CommentsOf(company, issue), new { body = "One more thing.", reopen = true });

        Assert.Equal("todo", (await this.Board.GetAsync($"api/companies/{company}/issues/{issue}"))["status"]!.GetValue<string>());
        JsonNode run = await this.RunOfAsync(company, agent, "issue_reopened_via_comment");
        Assert.Equal($"issue_reopened_via_comment {comment["id"]}\n", run["stdoutExcerpt"]!.GetValue<string>());
    }

    [Fact]
    public async Task ABoardInterrupt_CancelsTheIssuesRunningRun()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string agent = await Scenario.AgentAsync(this.Board, company, "sleep", ["300"]);
        string issue = (await Scenario.IssueAsync(this.Board, company, agent))["id"]!.GetValue<string>();
        string runId = await Scenario.WakeAsync(this.Board, company, agent, new { issueId = issue });
        await this.Board.PollAsync($"api/companies/{company}/runs/{runId}", r => r["status"]!.GetValue<string>() == "running", TimeSpan.FromSeconds(60));

        await this.Board.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, CommentsOf(company, issue), new { body = "Stop, wrong approach.", interrupt = true });

        Assert.Equal("cancelled", (await Scenario.FinishedRunAsync(this.Board, company, runId))["status"]!.GetValue<string>());
        JsonNode added = (await this.Board.GetAsync($"api/companies/{company}/activity")).AsArray().First(e => e!["action"]!.GetValue<string>() == "issue.comment_added")!;
        Assert.Equal(runId, added["details"]!["interruptedRunId"]!.GetValue<string>());
    }

    [Fact]
    public async Task BadInput_AndOtherCompanies_AreRefusedWithProblems()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string other = await Scenario.CompanyAsync(this.Board);
        string agent = await Scenario.AgentAsync(this.Board, company, "true", []);
        string issue = (await Scenario.IssueAsync(this.Board, company, null))["id"]!.GetValue<string>();
        string theirs = (await Scenario.IssueAsync(this.Board, other, null))["id"]!.GetValue<string>();
        using ApiClient asAgent = new(fixture.Host.BaseAddress, (await this.Board.CreateAsync($"api/companies/{company}/agents/{agent}/keys", new { }))["key"]!.GetValue<string>());
        string path = CommentsOf(company, issue);

        static void Expect(HttpStatusCode status, string code, (HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response) actual, string? field = null)
        {
            Assert.True(actual.Status == status, $"expected {(int)status}, got {(int)actual.Status}: {actual.Body?.ToJsonString()}");
            Assert.Equal("application/problem+json", actual.Response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(code, actual.Body!["code"]!.GetValue<string>());
            if (field is not null)
            {
                Assert.NotNull(actual.Body["errors"]![field]);
            }
        }

        Expect(HttpStatusCode.BadRequest, "validation_failed", await this.Board.SendAsync(HttpMethod.Post, path, new { body = "" }), "body");
        Expect(HttpStatusCode.BadRequest, "validation_failed", await this.Board.SendAsync(HttpMethod.Post, path, new { body = "   \\n  " }), "body");
        Expect(HttpStatusCode.BadRequest, "validation_failed", await this.Board.SendAsync(HttpMethod.Post, path, new { body = 42 }), "body");
        Expect(HttpStatusCode.BadRequest, "validation_failed", await this.Board.SendAsync(HttpMethod.Post, path, new { body = new string('x', 50_001) }), "body");
        Expect(HttpStatusCode.BadRequest, "validation_failed", await this.Board.SendAsync(HttpMethod.Post, path, new { }), "body");
        Expect(HttpStatusCode.BadRequest, "validation_failed", await this.Board.SendAsync(HttpMethod.Get, $"{path}?order=sideways"), "order");
        Expect(HttpStatusCode.BadRequest, "validation_failed", await this.Board.SendAsync(HttpMethod.Get, $"{path}?limit=0"), "limit");
        Expect(HttpStatusCode.NotFound, "not_found", await this.Board.SendAsync(HttpMethod.Post, CommentsOf(company, Guid.NewGuid().ToString()), new { body = "x" }));
        Expect(HttpStatusCode.NotFound, "not_found", await this.Board.SendAsync(HttpMethod.Get, $"{path}/{Guid.NewGuid()}"));
        Expect(HttpStatusCode.NotFound, "not_found", await asAgent.SendAsync(HttpMethod.Post, CommentsOf(other, theirs), new { body = "x" }));
        Expect(HttpStatusCode.NotFound, "not_found", await asAgent.SendAsync(HttpMethod.Get, CommentsOf(other, theirs)));

        // Another company's issue under this company's path does not exist either.
        Expect(HttpStatusCode.NotFound, "not_found", await this.Board.SendAsync(HttpMethod.Get, CommentsOf(company, theirs)));
        Expect(HttpStatusCode.Forbidden, "forbidden", await asAgent.SendAsync(HttpMethod.Post, path, new { body = "stop", interrupt = true }));

        // A long body (over one table property) is stored whole.
        string longBody = string.Concat(Enumerable.Repeat("line of a long report\n", 2_000)).Trim();
        JsonNode stored = await asAgent.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, path, new { body = longBody });
        Assert.Equal(longBody, (await this.Board.GetAsync($"{path}/{stored["id"]}"))["body"]!.GetValue<string>());
        Assert.Equal((agent, "agent"), (stored["authorAgentId"]!.GetValue<string>(), stored["authorType"]!.GetValue<string>()));
        Assert.Null(stored["createdByRunId"]);
    }
}
