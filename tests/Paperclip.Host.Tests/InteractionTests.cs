using System.Net;
using System.Text.Json.Nodes;
using Paperclip.Testing;

namespace Paperclip.Host.Tests;

[Collection(HostCollection.Name)]
public sealed class InteractionTests(HostFixture fixture)
{
    ApiClient Board => fixture.Host.Board;

    static string Path(string company, string issue, string? rest = null) => $"api/companies/{company}/issues/{issue}/interactions{rest}";

    async Task<(string Company, string Agent, string Issue)> IssueAsync(string command = "true", params string[] args)
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string agent = await Scenario.AgentAsync(this.Board, company, command, args);
        string issue = (await Scenario.IssueAsync(this.Board, company, agent))["id"]!.GetValue<string>();
        return (company, agent, issue);
    }

    [Fact]
    public async Task ConfirmationAccept_WaitsForFinalize_NeverSucceedingBeforeTheFinalizeRowExists()
    {
        (string company, string agent, string issue) = await this.IssueAsync("sh", "-c", "sleep 2");
        string runId = await Scenario.WakeAsync(this.Board, company, agent);
        await this.Board.PollAsync($"api/companies/{company}/runs/{runId}", r => r["status"]!.GetValue<string>() == "running", TimeSpan.FromMinutes(1));
        string card = (await this.Board.CreateAsync(Path(company, issue), new { kind = "request_confirmation", title = "Ship it?", sourceRunId = runId }))["id"]!.GetValue<string>();

        int refused = 0;
        JsonNode? accepted = null;
        DateTime deadline = DateTime.UtcNow.AddMinutes(2);
        while (accepted is null && DateTime.UtcNow < deadline)
        {
            (HttpStatusCode status, JsonNode? body, HttpResponseMessage response) = await this.Board.SendAsync(HttpMethod.Post, Path(company, issue, $"/{card}/accept"), new { });
            if (status == HttpStatusCode.OK)
            {
                accepted = body;
                break;
            }

            Assert.Equal(HttpStatusCode.Conflict, status);
            Assert.Equal("workspace_finalize_pending", body!["code"]!.GetValue<string>());
            Assert.Equal(issue, body["executionWorkspaceId"]!.GetValue<string>());
            Assert.Equal(runId, body["sourceRunId"]!.GetValue<string>());
            Assert.Equal("5", response.Headers.GetValues("Retry-After").Single());
            Assert.Equal("pending", (await this.Board.GetAsync(Path(company, issue, $"/{card}")))["status"]!.GetValue<string>());
            refused++;
            await Task.Delay(100);
        }

        Assert.NotNull(accepted);
        Assert.True(refused > 0, "the accept must have been held while the run was executing");
        JsonNode run = await this.Board.GetAsync($"api/companies/{company}/runs/{runId}");
        JsonNode finalize = run["operations"]!.AsArray().Single(o => o!["phase"]!.GetValue<string>() == "workspace_finalize")!;
        Assert.Equal("succeeded", finalize["status"]!.GetValue<string>());
        Assert.True(accepted["interaction"]!["resolvedAt"]!.GetValue<DateTimeOffset>() >= finalize["finishedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal("accepted", accepted["interaction"]!["status"]!.GetValue<string>());
        Assert.Equal("accepted", accepted["interaction"]!["result"]!["outcome"]!.GetValue<string>());

        (HttpStatusCode again, JsonNode? againBody, _) = await this.Board.SendAsync(HttpMethod.Post, Path(company, issue, $"/{card}/accept"), new { });
        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.Equal("Interaction has already been resolved", againBody!["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task SuggestTasks_IsExemptFromTheGate_AndCreatesTheSelectedTasksParentsFirst()
    {
        (string company, string agent, string issue) = await this.IssueAsync("sh", "-c", "sleep 3");
        string runId = await Scenario.WakeAsync(this.Board, company, agent);
        await this.Board.PollAsync($"api/companies/{company}/runs/{runId}", r => r["status"]!.GetValue<string>() == "running", TimeSpan.FromMinutes(1));
        var payload = new
        {
            tasks = new object[]
            {
                new { clientKey = "child", title = "Write the tests", parentClientKey = "parent", assigneeAgentId = agent },
                new { clientKey = "parent", title = "Design the API", workMode = "planning" },
                new { clientKey = "extra", title = "Nice to have" },
            },
        };
        string card = (await this.Board.CreateAsync(Path(company, issue), new { kind = "suggest_tasks", payload }))["id"]!.GetValue<string>();

        (HttpStatusCode status, JsonNode? body, _) = await this.Board.SendAsync(HttpMethod.Post, Path(company, issue, $"/{card}/accept"), new { selectedClientKeys = new[] { "child" } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("Suggested task child requires its parent parent to also be selected", body!["detail"]!.GetValue<string>());
        (status, body, _) = await this.Board.SendAsync(HttpMethod.Post, Path(company, issue, $"/{card}/accept"), new { selectedClientKeys = new[] { "nope" } });
        Assert.Equal("Unknown suggested task clientKey: nope", body!["detail"]!.GetValue<string>());

        JsonNode accepted = await this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Path(company, issue, $"/{card}/accept"), new { selectedClientKeys = new[] { "child", "parent" } });
        Assert.Equal("running", (await this.Board.GetAsync($"api/companies/{company}/runs/{runId}"))["status"]!.GetValue<string>());
        JsonArray createdTasks = accepted["interaction"]!["result"]!["createdTasks"]!.AsArray();
        Assert.Equal(["parent", "child"], createdTasks.Select(t => t!["clientKey"]!.GetValue<string>()));
        Assert.Equal(["extra"], accepted["interaction"]!["result"]!["skippedClientKeys"]!.AsArray().Select(k => k!.GetValue<string>()));
        JsonNode parent = await this.Board.GetAsync($"api/companies/{company}/issues/{createdTasks[0]!["issueId"]!.GetValue<string>()}");
        JsonNode child = await this.Board.GetAsync($"api/companies/{company}/issues/{createdTasks[1]!["issueId"]!.GetValue<string>()}");
        Assert.Equal(issue, parent["parentId"]!.GetValue<string>());
        Assert.Equal(parent["id"]!.GetValue<string>(), child["parentId"]!.GetValue<string>());

        // Upstream's fields: each task's workMode (default standard), and children one request deeper than their parent.
        Assert.Equal(("planning", "standard"), (parent["workMode"]!.GetValue<string>(), child["workMode"]!.GetValue<string>()));
        Assert.Equal((0, 1, 2), ((await this.Board.GetAsync($"api/issues/{issue}"))["requestDepth"]!.GetValue<int>(), parent["requestDepth"]!.GetValue<int>(), child["requestDepth"]!.GetValue<int>()));

        // The resolver as upstream names it: the board's user, beside the actor name shown so far.
        Assert.Equal(("local-board", "board"), (accepted["interaction"]!["resolvedByUserId"]!.GetValue<string>(), accepted["interaction"]!["resolvedBy"]!.GetValue<string>()));
        Assert.Null(accepted["interaction"]!["resolvedByAgentId"]);
        Assert.Equal("local-board", accepted["interaction"]!["createdByUserId"]!.GetValue<string>());
        Assert.Equal(agent, child["assigneeAgentId"]!.GetValue<string>());
        Assert.Equal("todo", child["status"]!.GetValue<string>());
        Assert.Equal(2, accepted["createdIssues"]!.AsArray().Count);
    }

    [Fact]
    public async Task Create_IsIdempotentPerKey_AndRejectsAReusedKeyForAnotherRequest()
    {
        (string company, _, string issue) = await this.IssueAsync();
        var request = new { kind = "request_confirmation", title = "Merge?", idempotencyKey = "run-7/merge" };
        JsonNode first = await this.Board.CreateAsync(Path(company, issue), request);
        Assert.True(first["payload"]!["supersedeOnUserComment"]!.GetValue<bool>());
        JsonNode again = await this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Path(company, issue), request);
        Assert.Equal(first["id"]!.GetValue<string>(), again["id"]!.GetValue<string>());

        (HttpStatusCode status, JsonNode? body, _) = await this.Board.SendAsync(HttpMethod.Post, Path(company, issue), new { kind = "request_confirmation", title = "Deploy?", idempotencyKey = "run-7/merge" });
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("idempotency_key_reused", body!["code"]!.GetValue<string>());
        Assert.Equal("run-7/merge", body["idempotencyKey"]!.GetValue<string>());
        Assert.Single((await this.Board.GetAsync(Path(company, issue))).AsArray());
    }

    [Fact]
    public async Task Accept_RulesByKindAndActor()
    {
        (string company, string agent, string issue) = await this.IssueAsync();
        string key = (await this.Board.CreateAsync($"api/companies/{company}/agents/{agent}/keys", new { }))["key"]!.GetValue<string>();
        using ApiClient asAgent = new(fixture.Host.BaseAddress, key);

        // Agents ask; only the board decides.
        string questions = (await asAgent.CreateAsync(Path(company, issue), new { kind = "ask_user_questions", payload = new { questions = new[] { new { id = "q1", prompt = "Which database?" } } } }))["id"]!.GetValue<string>();
        string confirm = (await asAgent.CreateAsync(Path(company, issue), new { kind = "request_confirmation", payload = new { rejectRequiresReason = true } }))["id"]!.GetValue<string>();
        (HttpStatusCode status, JsonNode? body, _) = await asAgent.SendAsync(HttpMethod.Post, Path(company, issue, $"/{confirm}/accept"), new { });
        Assert.Equal((HttpStatusCode.Forbidden, "forbidden"), (status, body!["code"]!.GetValue<string>()));

        (status, body, _) = await this.Board.SendAsync(HttpMethod.Post, Path(company, issue, $"/{questions}/accept"), new { });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("Interactions of kind ask_user_questions cannot be accepted", body!["detail"]!.GetValue<string>());

        (status, body, _) = await this.Board.SendAsync(HttpMethod.Post, Path(company, issue, $"/{confirm}/reject"), new { });
        Assert.Equal("A decline reason is required for this confirmation", body!["detail"]!.GetValue<string>());
        JsonNode rejected = await this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Path(company, issue, $"/{confirm}/reject"), new { reason = " not now " });
        Assert.Equal("rejected", rejected["interaction"]!["status"]!.GetValue<string>());
        Assert.Equal("not now", rejected["interaction"]!["result"]!["reason"]!.GetValue<string>());

        (status, body, _) = await this.Board.SendAsync(HttpMethod.Post, Path(company, issue), new { kind = "request_confirmation", sourceRunId = Guid.NewGuid() });
        Assert.Equal("sourceRunId must belong to the same company", body!["detail"]!.GetValue<string>());
        (status, _, _) = await this.Board.SendAsync(HttpMethod.Post, Path(company, issue), new { kind = "suggest_tasks", payload = new { tasks = new[] { new { title = "no key" } } } });
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task CheckboxConfirmation_ValidatesTheSelection()
    {
        (string company, _, string issue) = await this.IssueAsync();
        var payload = new
        {
            options = new[] { new { id = "a", label = "A" }, new { id = "b", label = "B" }, new { id = "c", label = "C" } },
            minSelected = 1,
            maxSelected = 2,
        };
        string card = (await this.Board.CreateAsync(Path(company, issue), new { kind = "request_checkbox_confirmation", payload }))["id"]!.GetValue<string>();
        async Task<string?> Detail(object body) => (await this.Board.SendAsync(HttpMethod.Post, Path(company, issue, $"/{card}/accept"), body)).Body?["detail"]?.GetValue<string>();

        Assert.Equal("Select at least 1 checkbox confirmation option(s)", await Detail(new { }));
        Assert.Equal("Select no more than 2 checkbox confirmation option(s)", await Detail(new { selectedOptionIds = new[] { "a", "b", "c" } }));
        Assert.Equal("Unknown checkbox confirmation optionId: z", await Detail(new { selectedOptionIds = new[] { "z" } }));
        JsonNode accepted = await this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Path(company, issue, $"/{card}/accept"), new { selectedOptionIds = new[] { "c", "a", "c" } });
        Assert.Equal(["a", "c"], accepted["interaction"]!["result"]!["selectedOptionIds"]!.AsArray().Select(x => x!.GetValue<string>()));
    }

    [Fact]
    public async Task Questions_AreAnsweredByTheBoard_WithUpstreamsChecks_AndTheAskingAgentMayWithdrawThem()
    {
        (string company, string agent, string issue) = await this.IssueAsync();
        using ApiClient asAgent = new(fixture.Host.BaseAddress, (await this.Board.CreateAsync($"api/companies/{company}/agents/{agent}/keys", new { }))["key"]!.GetValue<string>());
        object payload = new
        {
            questions = new object[]
            {
                new { id = "db", prompt = "Which database?", required = true, options = new[] { new { id = "pg", label = "Postgres" }, new { id = "sqlite", label = "SQLite" } } },
                new { id = "extras", prompt = "Extras?", selectionMode = "multi", options = new[] { new { id = "cache", label = "Cache" }, new { id = "queue", label = "Queue" } } },
            },
        };
        string card = (await asAgent.CreateAsync(Path(company, issue), new { kind = "ask_user_questions", payload }))["id"]!.GetValue<string>();
        string respond = Path(company, issue, $"/{card}/respond");

        (HttpStatusCode status, JsonNode? body, _) = await asAgent.SendAsync(HttpMethod.Post, respond, new { answers = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.Forbidden, status);
        foreach ((object answers, string detail) in new (object, string)[]
        {
            (new[] { new { questionId = "nope", optionIds = new[] { "pg" } } }, "Unknown questionId: nope"),
            (new[] { new { questionId = "db", optionIds = new[] { "pg" } }, new { questionId = "db", optionIds = new[] { "pg" } } }, "Duplicate answer for questionId: db"),
            (new[] { new { questionId = "db", optionIds = new[] { "mysql" } } }, "Unknown optionId for question db: mysql"),
            (new[] { new { questionId = "db", optionIds = new[] { "pg", "sqlite" } } }, "Question db allows a single option"),
            (new[] { new { questionId = "extras", optionIds = new[] { "cache" } } }, "Question db requires an answer"),
        })
        {
            (status, body, _) = await this.Board.SendAsync(HttpMethod.Post, respond, new { answers });
            Assert.Equal((HttpStatusCode.UnprocessableEntity, detail), (status, body!["detail"]!.GetValue<string>()));
        }

        (status, body, _) = await this.Board.SendAsync(HttpMethod.Post, respond, new { answers = new[] { new { questionId = "db" } }, extra = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, status);

        JsonNode answered = (await this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, respond, new
        {
            answers = new object[]
            {
                new { questionId = "extras", optionIds = new[] { "queue", "cache", "queue" }, otherText = "  metrics  " },
                new { questionId = "db", optionIds = new[] { "pg" }, otherText = "   " },
            },
        }))["interaction"]!;
        Assert.Equal("answered", answered["status"]!.GetValue<string>());
        JsonNode result = answered["result"]!;
        Assert.Equal(1, result["version"]!.GetValue<int>());
        Assert.Equal(["db", "extras"], result["answers"]!.AsArray().Select(a => a!["questionId"]!.GetValue<string>()));
        Assert.Equal(["cache", "queue"], result["answers"]![1]!["optionIds"]!.AsArray().Select(o => o!.GetValue<string>()));
        Assert.Equal("metrics", result["answers"]![1]!["otherText"]!.GetValue<string>());
        Assert.Null(result["answers"]![0]!["otherText"]);
        Assert.Equal("- **Which database?** Postgres\n- **Extras?** Cache, Queue, metrics", result["summaryMarkdown"]!.GetValue<string>());
        (status, body, _) = await this.Board.SendAsync(HttpMethod.Post, respond, new { answers = new[] { new { questionId = "db", optionIds = new[] { "pg" } } } });
        Assert.Equal((HttpStatusCode.Conflict, "Interaction has already been resolved"), (status, body!["detail"]!.GetValue<string>()));

        // The agent that asked may withdraw its questions; another agent may not; only question cards can be.
        string second = (await asAgent.CreateAsync(Path(company, issue), new { kind = "ask_user_questions", payload }))["id"]!.GetValue<string>();
        string other = await Scenario.AgentAsync(this.Board, company, "true", []);
        using ApiClient asOther = new(fixture.Host.BaseAddress, (await this.Board.CreateAsync($"api/companies/{company}/agents/{other}/keys", new { }))["key"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, (await asOther.SendAsync(HttpMethod.Post, Path(company, issue, $"/{second}/cancel"), new { })).Status);
        JsonNode cancelled = (await asAgent.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Path(company, issue, $"/{second}/cancel"), new { reason = "figured it out" }))["interaction"]!;
        Assert.Equal("cancelled", cancelled["status"]!.GetValue<string>());
        Assert.True(cancelled["result"]!["cancelled"]!.GetValue<bool>());
        Assert.Equal("figured it out", cancelled["result"]!["cancellationReason"]!.GetValue<string>());
        Assert.Empty(cancelled["result"]!["answers"]!.AsArray());
        Assert.Equal(HttpStatusCode.Conflict, (await asAgent.SendAsync(HttpMethod.Post, Path(company, issue, $"/{second}/cancel"), new { })).Status);

        string confirm = (await asAgent.CreateAsync(Path(company, issue), new { kind = "request_confirmation" }))["id"]!.GetValue<string>();
        (status, body, _) = await this.Board.SendAsync(HttpMethod.Post, Path(company, issue, $"/{confirm}/respond"), new { answers = Array.Empty<object>() });
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "Only ask_user_questions interactions can be answered"), (status, body!["detail"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AcceptedConfirmation_ReturnsTheIssueFromTheUserToTheAgentThatAsked_AndWakesIt()
    {
        (string company, string agent, string issue) = await this.IssueAsync();
        using ApiClient asAgent = new(fixture.Host.BaseAddress, (await this.Board.CreateAsync($"api/companies/{company}/agents/{agent}/keys", new { }))["key"]!.GetValue<string>());
        string card = (await asAgent.CreateAsync(Path(company, issue), new { kind = "request_confirmation", title = "Deploy?" }))["id"]!.GetValue<string>();

        // The agent hands the issue to a person while it waits; one assignee at a time.
        (HttpStatusCode status, JsonNode? body, _) = await this.Board.SendAsync(HttpMethod.Patch, $"api/companies/{company}/issues/{issue}", new { assigneeUserId = "alice" });
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "Issue can only have one assignee"), (status, body!["detail"]!.GetValue<string>()));
        await this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Patch, $"api/companies/{company}/issues/{issue}", new { assigneeAgentId = (string?)null, assigneeUserId = "alice", status = "in_review" });

        JsonNode accepted = await this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Path(company, issue, $"/{card}/accept"), new { });
        JsonNode continuation = accepted["continuationIssue"]!;
        Assert.Equal((issue, agent, "todo"), (continuation["id"]!.GetValue<string>(), continuation["assigneeAgentId"]!.GetValue<string>(), continuation["status"]!.GetValue<string>()));
        Assert.Null(continuation["assigneeUserId"]);
        JsonNode after = await this.Board.GetAsync($"api/companies/{company}/issues/{issue}");
        Assert.Equal((agent, "todo"), (after["assigneeAgentId"]!.GetValue<string>(), after["status"]!.GetValue<string>()));
        Assert.Null(after["assigneeUserId"]);

        JsonNode wake = (await this.Board.GetAsync($"api/companies/{company}/runs?issueId={issue}")).AsArray().Single()!;
        Assert.Equal(("interaction_accepted", "assignment"), (wake["wakeReason"]!.GetValue<string>(), wake["source"]!.GetValue<string>()));
        Assert.Equal("succeeded", (await Scenario.FinishedRunAsync(this.Board, company, wake["id"]!.GetValue<string>()))["status"]!.GetValue<string>());

        // A confirmation on an issue the agent still holds changes nothing.
        string again = (await asAgent.CreateAsync(Path(company, issue), new { kind = "request_confirmation" }))["id"]!.GetValue<string>();
        JsonNode plain = await this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Path(company, issue, $"/{again}/accept"), new { });
        Assert.Null(plain["continuationIssue"]);
        Assert.Single((await this.Board.GetAsync($"api/companies/{company}/runs?issueId={issue}")).AsArray());
    }
}
