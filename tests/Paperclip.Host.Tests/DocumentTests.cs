using System.Net;
using System.Text.Json.Nodes;
using Paperclip.Testing;

namespace Paperclip.Host.Tests;

/// <summary>Issue documents with upstream's keys, limits, revisions, baseRevisionId conflicts and board-only delete.</summary>
[Collection(HostCollection.Name)]
public sealed class DocumentTests(HostFixture fixture)
{
    ApiClient Board => fixture.Host.Board;

    async Task<(string Company, string Issue, ApiClient AsAgent, string Agent)> SetUpAsync()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string agent = await Scenario.AgentAsync(this.Board, company, "true", []);
        string issue = (await Scenario.IssueAsync(this.Board, company, null, "documented"))["id"]!.GetValue<string>();
        ApiClient asAgent = new(fixture.Host.BaseAddress, (await this.Board.CreateAsync($"api/companies/{company}/agents/{agent}/keys", new { }))["key"]!.GetValue<string>());
        return (company, issue, asAgent, agent);
    }

    [Fact]
    public async Task Put_CreatesThenRevises_OnlyOverTheLatestRevision_AndKeepsEveryRevision()
    {
        (string company, string issue, ApiClient asAgent, string agent) = await this.SetUpAsync();
        using (asAgent)
        {
            string doc = $"api/issues/{issue}/documents/Plan";

            JsonNode first = await asAgent.ExpectAsync(HttpStatusCode.Created, HttpMethod.Put, doc, new { format = "markdown", body = "# Plan\n\nStep one.", title = "The plan" });
            Assert.Equal(("plan", 1, agent), (first["key"]!.GetValue<string>(), first["latestRevisionNumber"]!.GetValue<int>(), first["createdByAgentId"]!.GetValue<string>()));
            string rev1 = first["latestRevisionId"]!.GetValue<string>();

            // Without a base, or over a stale one: refused with the current revision, so the writer can merge.
            (HttpStatusCode status, JsonNode? problem, _) = await asAgent.SendAsync(HttpMethod.Put, doc, new { format = "markdown", body = "blind" });
            Assert.Equal((HttpStatusCode.Conflict, "document_base_revision_required", "Document update requires baseRevisionId", rev1),
                (status, problem!["code"]!.GetValue<string>(), problem["detail"]!.GetValue<string>(), problem["currentRevisionId"]!.GetValue<string>()));
            (status, problem, _) = await asAgent.SendAsync(HttpMethod.Put, doc, new { format = "markdown", body = "stale", baseRevisionId = Guid.NewGuid() });
            Assert.Equal((HttpStatusCode.Conflict, "Document was updated by someone else"), (status, problem!["detail"]!.GetValue<string>()));

            JsonNode second = await this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, $"api/companies/{company}/issues/{issue}/documents/plan", new { format = "markdown", body = "# Plan\n\nStep two.", baseRevisionId = rev1, changeSummary = "second step" });
            Assert.Equal((2, "The plan", "local-board"), (second["latestRevisionNumber"]!.GetValue<int>(), second["title"]!.GetValue<string>(), second["updatedByUserId"]!.GetValue<string>()));

            // Five writers over the same base: exactly one wins, the others are told who did.
            string rev2 = second["latestRevisionId"]!.GetValue<string>();
            (HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)[] race = await Task.WhenAll(Enumerable.Range(0, 5).Select(i =>
                this.Board.SendAsync(HttpMethod.Put, doc, new { format = "markdown", body = $"writer {i}", baseRevisionId = rev2 })));
            Assert.Single(race, r => r.Status == HttpStatusCode.OK);
            Assert.All(race.Where(r => r.Status != HttpStatusCode.OK), r => Assert.Equal("document_revision_conflict", r.Body!["code"]!.GetValue<string>()));

            JsonArray revisions = (await asAgent.GetAsync($"{doc}/revisions")).AsArray();
            Assert.Equal([3, 2, 1], revisions.Select(r => r!["revisionNumber"]!.GetValue<int>()));
            Assert.Equal(("second step", "# Plan\n\nStep one."), (revisions[1]!["changeSummary"]!.GetValue<string>(), revisions[2]!["body"]!.GetValue<string>()));
            JsonNode current = await asAgent.GetAsync(doc);
            Assert.Equal(revisions[0]!["body"]!.GetValue<string>(), current["body"]!.GetValue<string>());
            Assert.Single((await asAgent.GetAsync($"api/issues/{issue}/documents")).AsArray());

            // A new key that names a base is refused: there is nothing to be based on yet.
            (status, problem, _) = await asAgent.SendAsync(HttpMethod.Put, $"api/issues/{issue}/documents/notes", new { format = "markdown", body = "x", baseRevisionId = rev1 });
            Assert.Equal((HttpStatusCode.Conflict, "Document does not exist yet"), (status, problem!["detail"]!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task LargeBodies_RoundTrip_BadKeysAndBodiesAre400_AndOnlyTheBoardDeletes()
    {
        (string company, string issue, ApiClient asAgent, _) = await this.SetUpAsync();
        (_, _, ApiClient stranger, _) = await this.SetUpAsync();
        using (asAgent)
        using (stranger)
        {
            // Upstream's limit: 524,288 characters (kept in blob storage: more than a table entity holds).
            string big = string.Concat(Enumerable.Repeat("line of the design document\n", 19_000))[..524_000];
            await asAgent.ExpectAsync(HttpStatusCode.Created, HttpMethod.Put, $"api/issues/{issue}/documents/design", new { format = "markdown", body = big });
            Assert.Equal(big.TrimEnd(), (await asAgent.GetAsync($"api/issues/{issue}/documents/design"))["body"]!.GetValue<string>());

            foreach (string key in new[] { "-lead", "has space", new string('k', 65), "dots.no" })
            {
                (HttpStatusCode status, JsonNode? problem, _) = await asAgent.SendAsync(HttpMethod.Put, $"api/issues/{issue}/documents/{Uri.EscapeDataString(key)}", new { format = "markdown", body = "x" });
                Assert.True(status == HttpStatusCode.BadRequest, $"{key}: {status}");
                Assert.Equal("Invalid document key", problem!["errors"]!["key"]![0]!.GetValue<string>());
            }

            foreach ((object body, string field) in new (object, string)[]
            {
                (new { format = "html", body = "x" }, "format"),
                (new { format = "markdown", body = new string('x', 524_289) }, "body"),
                (new { format = "markdown" }, "body"),
                (new { format = "markdown", body = "x", title = new string('t', 201) }, "title"),
            })
            {
                (HttpStatusCode status, JsonNode? problem, _) = await asAgent.SendAsync(HttpMethod.Put, $"api/issues/{issue}/documents/other", body);
                Assert.Equal(HttpStatusCode.BadRequest, status);
                Assert.NotNull(problem!["errors"]![field]);
            }

            // Another company's agent sees nothing; an agent cannot delete; the board can, and then it is gone.
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.SendAsync(HttpMethod.Get, $"api/issues/{issue}/documents/design")).Status);
            (HttpStatusCode forbidden, JsonNode? refused, _) = await asAgent.SendAsync(HttpMethod.Delete, $"api/issues/{issue}/documents/design");
            Assert.Equal((HttpStatusCode.Forbidden, "Board authentication required"), (forbidden, refused!["detail"]!.GetValue<string>()));
            Assert.True((await this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Delete, $"api/companies/{company}/issues/{issue}/documents/design"))["ok"]!.GetValue<bool>());
            (HttpStatusCode gone, JsonNode? missing, _) = await asAgent.SendAsync(HttpMethod.Get, $"api/issues/{issue}/documents/design");
            Assert.Equal((HttpStatusCode.NotFound, "Document not found"), (gone, missing!["detail"]!.GetValue<string>()));
            Assert.Equal(HttpStatusCode.NotFound, (await asAgent.SendAsync(HttpMethod.Get, $"api/issues/{issue}/documents/design/revisions")).Status);
            Assert.Empty((await asAgent.GetAsync($"api/issues/{issue}/documents")).AsArray());
        }
    }

    [Fact]
    public async Task AConfirmationAboutARevision_MustNameTheCurrentOne_AndExpiresAsStaleTargetOnceTheDocumentMovesOn()
    {
        (_, string issue, ApiClient asAgent, _) = await this.SetUpAsync();
        using (asAgent)
        {
            string doc = $"api/issues/{issue}/documents/plan";
            string cards = $"api/issues/{issue}/interactions";
            string rev1 = (await asAgent.ExpectAsync(HttpStatusCode.Created, HttpMethod.Put, doc, new { format = "markdown", body = "v1" }))["latestRevisionId"]!.GetValue<string>();

            (HttpStatusCode status, JsonNode? problem, _) = await asAgent.SendAsync(HttpMethod.Post, cards, new { kind = "request_confirmation", payload = new { target = new { type = "issue_document", key = "plan", revisionId = Guid.NewGuid() } } });
            Assert.Equal((HttpStatusCode.UnprocessableEntity, "request_confirmation target must reference the current issue document revision"), (status, problem!["detail"]!.GetValue<string>()));
            (status, problem, _) = await asAgent.SendAsync(HttpMethod.Post, cards, new { kind = "request_confirmation", payload = new { target = new { type = "issue_document", key = "plan", revisionId = rev1, revisionNumber = 5 } } });
            Assert.Equal("request_confirmation target revisionNumber must match the current issue document revision", problem!["detail"]!.GetValue<string>());

            string card = (await asAgent.CreateAsync(cards, new { kind = "request_confirmation", title = "Approve the plan?", payload = new { target = new { type = "issue_document", key = "plan", revisionId = rev1, revisionNumber = 1 } } }))["id"]!.GetValue<string>();
            string rev2 = (await asAgent.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, doc, new { format = "markdown", body = "v2", baseRevisionId = rev1 }))["latestRevisionId"]!.GetValue<string>();

            // The plan changed after the question: accepting it would approve what nobody read. It expires instead.
            JsonNode answer = await this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"{cards}/{card}/accept", new { });
            JsonNode expired = answer["interaction"]!;
            Assert.Equal(("expired", "stale_target"), (expired["status"]!.GetValue<string>(), expired["result"]!["outcome"]!.GetValue<string>()));
            Assert.Equal(rev1, expired["result"]!["staleTarget"]!["revisionId"]!.GetValue<string>());
            Assert.Equal((rev2, 2), (expired["payload"]!["target"]!["revisionId"]!.GetValue<string>(), expired["payload"]!["target"]!["revisionNumber"]!.GetValue<int>()));

            // A card about the current revision is accepted as any other.
            string current = (await asAgent.CreateAsync(cards, new { kind = "request_confirmation", payload = new { target = new { type = "issue_document", key = "plan", revisionId = rev2 } } }))["id"]!.GetValue<string>();
            Assert.Equal("accepted", (await this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"{cards}/{current}/accept", new { }))["interaction"]!["status"]!.GetValue<string>());
        }
    }
}
