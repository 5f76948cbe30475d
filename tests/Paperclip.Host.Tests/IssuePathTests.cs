using System.Net;
using System.Text.Json.Nodes;
using Paperclip.Testing;

namespace Paperclip.Host.Tests;

/// <summary>
/// Upstream's route shapes for agents: the issue-level routes also without the company in the path, and an
/// identifier (<c>AR-12</c>) wherever an issue id goes; and the refusals of the agent-facing routes (cross-company
/// 404, agent-vs-board 403, validation 400) in both shapes.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class IssuePathTests(HostFixture fixture)
{
    ApiClient Board => fixture.Host.Board;

    async Task<(string Company, string Agent, JsonNode Issue, ApiClient AsAgent)> CompanyWithAgentAsync()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string agent = await Scenario.AgentAsync(this.Board, company, "true", []);

        // Unassigned, so no comment in these tests wakes a run.
        JsonNode issue = await Scenario.IssueAsync(this.Board, company, null, "paths");
        string key = (await this.Board.CreateAsync($"api/companies/{company}/agents/{agent}/keys", new { }))["key"]!.GetValue<string>();
        return (company, agent, issue, new ApiClient(fixture.Host.BaseAddress, key));
    }

    /// <summary>Every issue-level path of the issue in both shapes and by id and identifier.</summary>
    static IEnumerable<string> Shapes(string company, JsonNode issue, string suffix)
    {
        foreach (string reference in new[] { issue["id"]!.GetValue<string>(), issue["identifier"]!.GetValue<string>() })
        {
            yield return $"api/companies/{company}/issues/{reference}{suffix}";
            yield return $"api/issues/{reference}{suffix}";
        }
    }

    [Fact]
    public async Task TheIssueRoutes_AnswerWithoutTheCompany_AndByIdentifier_ForTheAgentAndTheBoard()
    {
        (string company, string agent, JsonNode issue, ApiClient asAgent) = await this.CompanyWithAgentAsync();
        using (asAgent)
        {
            string id = issue["id"]!.GetValue<string>();
            foreach (ApiClient client in new[] { asAgent, this.Board })
            {
                foreach (string path in Shapes(company, issue, string.Empty))
                {
                    Assert.Equal(id, (await client.GetAsync(path))["id"]!.GetValue<string>());
                }

                foreach (string path in Shapes(company, issue, "/readiness").Concat(Shapes(company, issue, "/heartbeat-context")).Concat(Shapes(company, issue, "/interactions")))
                {
                    Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, path)).Status);
                }
            }

            // Lower-case identifiers work too, as upstream's.
            Assert.Equal(id, (await asAgent.GetAsync($"api/issues/{issue["identifier"]!.GetValue<string>().ToLowerInvariant()}"))["id"]!.GetValue<string>());

            // Writes in the short shape: a comment and its reads, then a checkout and release by identifier.
            JsonNode comment = await asAgent.CreateAsync($"api/issues/{issue["identifier"]!.GetValue<string>()}/comments", new { body = "from the short path" });
            Assert.Equal((id, agent), (comment["issueId"]!.GetValue<string>(), comment["authorAgentId"]!.GetValue<string>()));
            foreach (string path in Shapes(company, issue, "/comments"))
            {
                Assert.Equal(comment["id"]!.GetValue<string>(), (await asAgent.GetAsync(path)).AsArray().Single()!["id"]!.GetValue<string>());
            }

            foreach (string path in Shapes(company, issue, $"/comments/{comment["id"]!.GetValue<string>()}"))
            {
                Assert.Equal("from the short path", (await asAgent.GetAsync(path))["body"]!.GetValue<string>());
            }

            JsonNode patched = await this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Patch, $"api/issues/{issue["identifier"]!.GetValue<string>()}", new { title = "renamed" });
            Assert.Equal("renamed", patched["title"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task AnotherCompanysIssue_IsNotFound_ForAnAgentInEveryShape_WhileTheBoardReachesIt()
    {
        (string company, _, JsonNode issue, ApiClient asAgent) = await this.CompanyWithAgentAsync();
        (string otherCompany, string otherAgent, JsonNode otherIssue, ApiClient asOther) = await this.CompanyWithAgentAsync();
        using (asAgent)
        using (asOther)
        {
            // A run of the agent, so checkout and release get past "which run is this" to the issue itself.
            string agent = (await asAgent.GetAsync("api/agents/me"))["id"]!.GetValue<string>();
            string run = await Scenario.WakeAsync(this.Board, company, agent, new { issueId = (await Scenario.IssueAsync(this.Board, company, agent, "own"))["id"]!.GetValue<string>() });
            await Scenario.FinishedRunAsync(this.Board, company, run);
            asAgent.Headers["X-Paperclip-Run-Id"] = run;

            string otherId = otherIssue["id"]!.GetValue<string>();
            string otherIdentifier = otherIssue["identifier"]!.GetValue<string>();
            string[] paths =
            [
                $"api/issues/{otherId}", $"api/issues/{otherIdentifier}",
                $"api/issues/{otherId}/comments", $"api/issues/{otherIdentifier}/heartbeat-context",
                $"api/issues/{otherId}/readiness", $"api/issues/{otherIdentifier}/interactions", $"api/issues/{otherId}/comments/{Guid.NewGuid()}",
                $"api/companies/{otherCompany}/issues/{otherId}", $"api/companies/{otherCompany}/issues/{otherIdentifier}/comments",

                // The agent's own company in the path, another's identifier: still not found.
                $"api/companies/{company}/issues/{otherIdentifier}", $"api/companies/{company}/issues/{otherId}/comments",
            ];
            foreach (string path in paths)
            {
                (HttpStatusCode status, JsonNode? problem, _) = await asAgent.SendAsync(HttpMethod.Get, path);
                Assert.True(status == HttpStatusCode.NotFound, $"{path}: {status}");
                Assert.Equal("not_found", problem!["code"]!.GetValue<string>());
            }

            foreach ((HttpMethod method, string path, object body) in new (HttpMethod, string, object)[]
            {
                (HttpMethod.Post, $"api/issues/{otherId}/comments", new { body = "hello" }),
                (HttpMethod.Post, $"api/issues/{otherIdentifier}/checkout", new { agentId = otherAgent, expectedStatuses = new[] { "todo" } }),
                (HttpMethod.Post, $"api/issues/{otherId}/release", new { }),
                (HttpMethod.Patch, $"api/issues/{otherIdentifier}", new { title = "taken over" }),
            })
            {
                Assert.Equal(HttpStatusCode.NotFound, (await asAgent.SendAsync(method, path, body)).Status);
            }

            // Nothing was written: the other issue has no comment and kept its title.
            Assert.Empty((await this.Board.GetAsync($"api/issues/{otherId}/comments")).AsArray());
            Assert.Equal("paths", (await this.Board.GetAsync($"api/issues/{otherIdentifier}"))["title"]!.GetValue<string>());
            Assert.Equal(issue["id"]!.GetValue<string>(), (await this.Board.GetAsync($"api/issues/{issue["identifier"]!.GetValue<string>()}"))["id"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task UnknownAndMalformedIssueReferences_AreA404AndA400_WithTheField()
    {
        (string company, _, JsonNode issue, ApiClient asAgent) = await this.CompanyWithAgentAsync();
        using (asAgent)
        {
            string prefix = issue["identifier"]!.GetValue<string>().Split('-')[0];
            foreach (string reference in new[] { Guid.NewGuid().ToString(), $"{prefix}-999999", "ZZZZZZZZZ-1" })
            {
                foreach (ApiClient client in new[] { asAgent, this.Board })
                {
                    Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(HttpMethod.Get, $"api/issues/{reference}")).Status);
                    Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(HttpMethod.Get, $"api/companies/{company}/issues/{reference}/comments")).Status);
                }
            }

            foreach (string reference in new[] { "not-an-issue", "AR-", "-12", "AR-12-3", Guid.Empty.ToString() })
            {
                foreach (string path in new[] { $"api/issues/{reference}/comments", $"api/companies/{company}/issues/{reference}" })
                {
                    (HttpStatusCode status, JsonNode? problem, _) = await asAgent.SendAsync(HttpMethod.Get, path);
                    Assert.True(status == HttpStatusCode.BadRequest, $"{path}: {status}");
                    Assert.Equal("validation_failed", problem!["code"]!.GetValue<string>());
                    Assert.NotNull(problem["errors"]!["issueId"]);
                }
            }
        }
    }

    [Fact]
    public async Task BadInputAndBoardOnlyActions_AreRefusedTheSameInBothShapes()
    {
        (string company, string agent, JsonNode issue, ApiClient asAgent) = await this.CompanyWithAgentAsync();
        using (asAgent)
        {
            foreach (string comments in Shapes(company, issue, "/comments"))
            {
                foreach (object body in new object[] { new { body = "" }, new { body = 12 }, new { body = new string('x', 50_001) }, new { } })
                {
                    (HttpStatusCode status, JsonNode? problem, _) = await asAgent.SendAsync(HttpMethod.Post, comments, body);
                    Assert.Equal((HttpStatusCode.BadRequest, "validation_failed"), (status, problem!["code"]!.GetValue<string>()));
                    Assert.NotNull(problem["errors"]!["body"]);
                }

                // Only the board interrupts a run from a comment.
                (HttpStatusCode forbidden, JsonNode? refused, _) = await asAgent.SendAsync(HttpMethod.Post, comments, new { body = "stop", interrupt = true });
                Assert.Equal((HttpStatusCode.Forbidden, "forbidden"), (forbidden, refused!["code"]!.GetValue<string>()));

                Assert.Equal(HttpStatusCode.BadRequest, (await asAgent.SendAsync(HttpMethod.Get, comments + "?limit=0")).Status);
                Assert.Equal(HttpStatusCode.BadRequest, (await asAgent.SendAsync(HttpMethod.Get, comments + "?after=nope")).Status);
                Assert.Equal(HttpStatusCode.BadRequest, (await asAgent.SendAsync(HttpMethod.Get, comments + "?sort=asc")).Status);
            }

            foreach (string checkout in Shapes(company, issue, "/checkout"))
            {
                (HttpStatusCode status, JsonNode? problem, _) = await asAgent.SendAsync(HttpMethod.Post, checkout, new { agentId = agent });
                Assert.Equal((HttpStatusCode.BadRequest, "validation_failed"), (status, problem!["code"]!.GetValue<string>()));
                Assert.NotNull(problem["errors"]!["expectedStatuses"]);
            }

            foreach (string context in Shapes(company, issue, "/heartbeat-context?wakeCommentId=12"))
            {
                Assert.Equal(HttpStatusCode.BadRequest, (await asAgent.SendAsync(HttpMethod.Get, context)).Status);
            }

            // Accepting a card is the board's, in both shapes.
            JsonNode card = await this.Board.CreateAsync($"api/issues/{issue["id"]!.GetValue<string>()}/interactions", new { kind = "request_confirmation", title = "ok?" });
            foreach (string accept in Shapes(company, issue, $"/interactions/{card["id"]!.GetValue<string>()}/accept"))
            {
                (HttpStatusCode status, JsonNode? problem, _) = await asAgent.SendAsync(HttpMethod.Post, accept, new { });
                Assert.Equal((HttpStatusCode.Forbidden, "forbidden"), (status, problem!["code"]!.GetValue<string>()));
            }
        }
    }
}
