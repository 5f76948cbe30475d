using System.Net;
using System.Text.Json.Nodes;
using Paperclip.Testing;

namespace Paperclip.Host.Tests;

[Collection(HostCollection.Name)]
public sealed class ApiContractTests(HostFixture fixture)
{
    ApiClient Board => fixture.Host.Board;

    static void AssertProblem(HttpStatusCode expected, string code, (HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response) actual)
    {
        Assert.True(actual.Status == expected, $"expected {(int)expected}, got {(int)actual.Status}: {actual.Body?.ToJsonString()}");
        Assert.Equal("application/problem+json", actual.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, actual.Body!["code"]!.GetValue<string>());
        Assert.Equal((int)expected, actual.Body["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(actual.Body["title"]?.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(actual.Body["detail"]?.GetValue<string>()));
        Assert.StartsWith("urn:paperclip:problem:", actual.Body["type"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_AndOpenApi_AreAnonymous()
    {
        using ApiClient anonymous = new(fixture.Host.BaseAddress, null);
        JsonNode health = await anonymous.GetAsync("api/health");
        Assert.Equal("healthy", health["status"]!.GetValue<string>());
        Assert.Equal("ok", health["checks"]!["storage"]!.GetValue<string>());
        Assert.Equal("ok", health["checks"]!["durable"]!.GetValue<string>());

        JsonNode openApi = await anonymous.GetAsync("api/openapi.json");
        Assert.Equal("3.1.0", openApi["openapi"]!.GetValue<string>());
        HashSet<string> documented = openApi["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(m => $"{m.Key.ToUpperInvariant()} {p.Key}")).ToHashSet();
        Assert.Equal(RouteTable.SelfHostRoutes(fixture.Host.App).ToHashSet(), documented);
    }

    [Fact]
    public async Task Auth_RequiresAKeyAndRejectsWrongOnes()
    {
        using ApiClient anonymous = new(fixture.Host.BaseAddress, null);
        AssertProblem(HttpStatusCode.Unauthorized, "unauthorized", await anonymous.SendAsync(HttpMethod.Get, "api/companies"));
        AssertProblem(HttpStatusCode.Unauthorized, "unauthorized", await anonymous.SendAsync(HttpMethod.Get, "api/companies", bearerOverride: "not-the-key"));
        AssertProblem(HttpStatusCode.Unauthorized, "unauthorized", await anonymous.SendAsync(HttpMethod.Get, "api/companies", bearerOverride: fixture.Host.BoardKey + "x"));
    }

    [Fact]
    public async Task AgentKeys_SeeOnlyTheirOwnCompany()
    {
        string mine = await Scenario.CompanyAsync(this.Board, "Mine Inc");
        string theirs = await Scenario.CompanyAsync(this.Board, "Theirs Inc");
        string agent = await Scenario.AgentAsync(this.Board, mine, "true", []);
        string theirAgent = await Scenario.AgentAsync(this.Board, theirs, "true", []);
        string theirIssue = (await Scenario.IssueAsync(this.Board, theirs, theirAgent))["id"]!.GetValue<string>();

        JsonNode created = await this.Board.CreateAsync($"api/companies/{mine}/agents/{agent}/keys", new { name = "ci" });
        string key = created["key"]!.GetValue<string>();
        Assert.StartsWith("pcak_", key, StringComparison.Ordinal);
        using ApiClient asAgent = new(fixture.Host.BaseAddress, key);

        // Own company: readable, and agents may file issues.
        Assert.Equal(mine, (await asAgent.GetAsync($"api/companies/{mine}"))["id"]!.GetValue<string>());
        await asAgent.CreateAsync($"api/companies/{mine}/issues", new { title = "filed by an agent" });
        Assert.Equal([mine], (await asAgent.GetAsync("api/companies")).AsArray().Select(c => c!["id"]!.GetValue<string>()));

        // Another company's ids are not found, never forbidden.
        AssertProblem(HttpStatusCode.NotFound, "not_found", await asAgent.SendAsync(HttpMethod.Get, $"api/companies/{theirs}"));
        AssertProblem(HttpStatusCode.NotFound, "not_found", await asAgent.SendAsync(HttpMethod.Get, $"api/companies/{theirs}/issues/{theirIssue}"));
        AssertProblem(HttpStatusCode.NotFound, "not_found", await asAgent.SendAsync(HttpMethod.Post, $"api/companies/{theirs}/agents/{theirAgent}/wakeup", new { }));

        // The board's powers stay with the board.
        AssertProblem(HttpStatusCode.Forbidden, "forbidden", await asAgent.SendAsync(HttpMethod.Post, "api/companies", new { name = "Rogue" }));
        AssertProblem(HttpStatusCode.Forbidden, "forbidden", await asAgent.SendAsync(HttpMethod.Post, $"api/companies/{mine}/agents/{agent}/keys", new { }));

        // The key is never shown again and is not stored in plain text anywhere the API can reach.
        Assert.DoesNotContain(key, (await this.Board.GetAsync($"api/companies/{mine}/agents/{agent}")).ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validation_NamesTheFieldsAndWritesNothing()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        (HttpStatusCode, JsonNode?, HttpResponseMessage) bad = await this.Board.SendAsync(HttpMethod.Post, $"api/companies/{company}/issues", new { title = new string('x', 501), priority = "high", assigneeAgentId = 42 });
        AssertProblem(HttpStatusCode.BadRequest, "validation_failed", bad);
        JsonObject errors = bad.Item2!["errors"]!.AsObject();
        Assert.Equal(["assigneeAgentId", "priority", "title"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));

        AssertProblem(HttpStatusCode.BadRequest, "validation_failed", await this.Board.SendAsync(HttpMethod.Post, $"api/companies/{company}/issues", rawBody: "{not json"));
        AssertProblem(HttpStatusCode.BadRequest, "validation_failed", await this.Board.SendAsync(HttpMethod.Get, "api/companies/not-a-guid"));
        AssertProblem(HttpStatusCode.BadRequest, "validation_failed", await this.Board.SendAsync(HttpMethod.Get, $"api/companies/{company}/issues?status=open"));
        AssertProblem(HttpStatusCode.BadRequest, "validation_failed", await this.Board.SendAsync(HttpMethod.Get, $"api/companies/{company}/issues?color=red"));
        AssertProblem(HttpStatusCode.BadRequest, "validation_failed", await this.Board.SendAsync(HttpMethod.Post, $"api/companies/{company}/issues", new { title = "x", assigneeAgentId = Guid.NewGuid() }));
        AssertProblem(HttpStatusCode.NotFound, "not_found", await this.Board.SendAsync(HttpMethod.Get, $"api/companies/{Guid.NewGuid()}"));

        // Nothing partial: no issue was written and no identifier number was used up.
        Assert.Empty((await this.Board.GetAsync($"api/companies/{company}/issues")).AsArray());
        JsonNode first = await Scenario.IssueAsync(this.Board, company, null);
        Assert.EndsWith("-1", first["identifier"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issues_GetSequentialIdentifiersUnderConcurrency()
    {
        JsonNode company = await this.Board.CreateAsync("api/companies", new { name = "Parallel Works", issuePrefix = "PW" + (char)('A' + Random.Shared.Next(26)) + (char)('A' + Random.Shared.Next(26)) });
        string id = company["id"]!.GetValue<string>();
        string prefix = company["issuePrefix"]!.GetValue<string>();
        JsonNode[] issues = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Scenario.IssueAsync(this.Board, id, null, $"issue {i}")));
        Assert.Equal(Enumerable.Range(1, 12).Select(n => $"{prefix}-{n}"), issues.Select(i => i["identifier"]!.GetValue<string>()).OrderBy(s => int.Parse(s[(prefix.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture)));

        AssertProblem(HttpStatusCode.Conflict, "already_exists", await this.Board.SendAsync(HttpMethod.Post, "api/companies", new { name = "Copycat", issuePrefix = prefix }));
    }

    [Fact]
    public async Task Issues_PatchAndFilter()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string agent = await Scenario.AgentAsync(this.Board, company, "true", []);
        string a = (await Scenario.IssueAsync(this.Board, company, agent, "a"))["id"]!.GetValue<string>();
        string b = (await Scenario.IssueAsync(this.Board, company, null, "b"))["id"]!.GetValue<string>();

        JsonNode patched = await this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Patch, $"api/companies/{company}/issues/{b}", new { status = "in_progress", assigneeAgentId = agent, blockedByIssueIds = new[] { a } });
        Assert.Equal("in_progress", patched["status"]!.GetValue<string>());
        Assert.Equal([a], patched["blockedByIssueIds"]!.AsArray().Select(x => x!.GetValue<string>()));

        Assert.Equal([b], (await this.Board.GetAsync($"api/companies/{company}/issues?status=in_progress")).AsArray().Select(i => i!["id"]!.GetValue<string>()));
        Assert.Equal([a, b], (await this.Board.GetAsync($"api/companies/{company}/issues?assigneeAgentId={agent}")).AsArray().Select(i => i!["id"]!.GetValue<string>()));

        JsonNode unassigned = await this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Patch, $"api/companies/{company}/issues/{a}", new JsonObject { ["assigneeAgentId"] = null });
        Assert.Null(unassigned["assigneeAgentId"]);

        (HttpStatusCode, JsonNode?, HttpResponseMessage) self = await this.Board.SendAsync(HttpMethod.Patch, $"api/companies/{company}/issues/{a}", new { blockedByIssueIds = new[] { a } });
        AssertProblem(HttpStatusCode.UnprocessableEntity, "unprocessable", self);
        Assert.Equal("Issue cannot be blocked by itself", self.Item2!["detail"]!.GetValue<string>());
        (HttpStatusCode, JsonNode?, HttpResponseMessage) cycle = await this.Board.SendAsync(HttpMethod.Patch, $"api/companies/{company}/issues/{a}", new { blockedByIssueIds = new[] { b } });
        Assert.Equal("Blocking relations cannot contain cycles", cycle.Item2!["detail"]!.GetValue<string>());
        string foreignCompany = await Scenario.CompanyAsync(this.Board, "Elsewhere");
        string foreign = (await Scenario.IssueAsync(this.Board, foreignCompany, null))["id"]!.GetValue<string>();
        (HttpStatusCode, JsonNode?, HttpResponseMessage) cross = await this.Board.SendAsync(HttpMethod.Patch, $"api/companies/{company}/issues/{a}", new { blockedByIssueIds = new[] { foreign } });
        Assert.Equal("Blocked-by issues must belong to the same company", cross.Item2!["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task ActivityLog_RecordsWhoDidWhat_NewestFirst()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string agent = await Scenario.AgentAsync(this.Board, company, "true", []);
        string key = (await this.Board.CreateAsync($"api/companies/{company}/agents/{agent}/keys", new { }))["key"]!.GetValue<string>();
        using ApiClient asAgent = new(fixture.Host.BaseAddress, key);
        await asAgent.CreateAsync($"api/companies/{company}/issues", new { title = "from the agent" });

        JsonArray entries = (await this.Board.GetAsync($"api/companies/{company}/activity?limit=10")).AsArray();
        Assert.Equal(["issue.created", "agent.key_created", "agent.created", "company.created"], entries.Select(e => e!["action"]!.GetValue<string>()));
        Assert.Equal($"agent:{agent}", entries[0]!["actor"]!.GetValue<string>());
        Assert.Equal("board", entries[^1]!["actor"]!.GetValue<string>());
        Assert.Single((await this.Board.GetAsync($"api/companies/{company}/activity?limit=1")).AsArray());
        AssertProblem(HttpStatusCode.BadRequest, "validation_failed", await this.Board.SendAsync(HttpMethod.Get, $"api/companies/{company}/activity?limit=0"));
        Assert.DoesNotContain(key, entries.ToJsonString(), StringComparison.Ordinal);
    }
}
