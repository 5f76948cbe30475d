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
                new { clientKey = "parent", title = "Design the API" },
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
        string questions = (await asAgent.CreateAsync(Path(company, issue), new { kind = "ask_user_questions", payload = new { questions = Array.Empty<object>() } }))["id"]!.GetValue<string>();
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
}
