using System.Net;
using System.Text.Json.Nodes;
using Paperclip.Testing;

namespace Paperclip.Host.Tests;

/// <summary>Checkout and release with upstream's semantics, through the API: claims, the holder again, conflicts, stale locks, races.</summary>
[Collection(HostCollection.Name)]
public sealed class CheckoutTests(HostFixture fixture)
{
    ApiClient Board => fixture.Host.Board;

    /// <summary>An agent, a finished run of it, and a client with its long-lived key naming that run.</summary>
    async Task<(string Agent, string Run, ApiClient Client)> AgentWithRunAsync(string company)
    {
        string agent = await Scenario.AgentAsync(this.Board, company, "true", []);
        JsonNode issue = await Scenario.IssueAsync(this.Board, company, agent, "warm-up");
        string run = await Scenario.WakeAsync(this.Board, company, agent, new { issueId = issue["id"]!.GetValue<string>() });
        await Scenario.FinishedRunAsync(this.Board, company, run);
        ApiClient client = new(fixture.Host.BaseAddress, (await this.Board.CreateAsync($"api/companies/{company}/agents/{agent}/keys", new { }))["key"]!.GetValue<string>());
        client.Headers["X-Paperclip-Run-Id"] = run;
        return (agent, run, client);
    }

    static string Checkout(string company, string issue) => $"api/companies/{company}/issues/{issue}/checkout";

    [Fact]
    public async Task ACheckout_ClaimsTheIssueForTheRun_TheHolderMayRepeatIt_AndAnotherAgentGetsTheConflict()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        (string alice, string aliceRun, ApiClient asAlice) = await this.AgentWithRunAsync(company);
        (string bob, string bobRun, ApiClient asBob) = await this.AgentWithRunAsync(company);
        using (asAlice)
        using (asBob)
        {
            string issue = (await Scenario.IssueAsync(this.Board, company, null))["id"]!.GetValue<string>();

            JsonNode claimed = await asAlice.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Checkout(company, issue), new { agentId = alice, expectedStatuses = new[] { "todo", "backlog", "blocked" } });
            Assert.Equal(("in_progress", alice, aliceRun, aliceRun), (claimed["status"]!.GetValue<string>(), claimed["assigneeAgentId"]!.GetValue<string>(), claimed["checkoutRunId"]!.GetValue<string>(), claimed["executionRunId"]!.GetValue<string>()));
            Assert.NotNull(claimed["startedAt"]);

            JsonNode again = await asAlice.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Checkout(company, issue), new { agentId = alice, expectedStatuses = new[] { "in_progress" } });
            Assert.Equal(claimed["updatedAt"]!.GetValue<string>(), again["updatedAt"]!.GetValue<string>());

            // Alice's run has finished, so her lock is stale: but it is Alice's issue, so Bob still conflicts.
            (HttpStatusCode status, JsonNode? problem, _) = await asBob.SendAsync(HttpMethod.Post, Checkout(company, issue), new { agentId = bob, expectedStatuses = new[] { "todo", "in_progress" } });
            Assert.Equal((HttpStatusCode.Conflict, "issue_checkout_conflict", "Issue checkout conflict"), (status, problem!["code"]!.GetValue<string>(), problem["title"]!.GetValue<string>()));
            Assert.Equal((issue, "in_progress", alice, aliceRun, aliceRun), (problem["issueId"]!.GetValue<string>(), problem["issueStatus"]!.GetValue<string>(), problem["assigneeAgentId"]!.GetValue<string>(), problem["checkoutRunId"]!.GetValue<string>(), problem["executionRunId"]!.GetValue<string>()));

            // A new run of Alice takes her dead run's lock over.
            string next = await Scenario.WakeAsync(this.Board, company, alice, new { issueId = (await Scenario.IssueAsync(this.Board, company, alice, "other"))["id"]!.GetValue<string>() });
            await Scenario.FinishedRunAsync(this.Board, company, next);
            asAlice.Headers["X-Paperclip-Run-Id"] = next;
            JsonNode adopted = await asAlice.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Checkout(company, issue), new { agentId = alice, expectedStatuses = new[] { "in_progress" } });
            Assert.Equal((next, claimed["startedAt"]!.GetValue<string>()), (adopted["checkoutRunId"]!.GetValue<string>(), adopted["startedAt"]!.GetValue<string>()));

            // Release: only the assignee; then back to todo, unassigned, unlocked.
            Assert.Equal(HttpStatusCode.Conflict, (await asBob.SendAsync(HttpMethod.Post, $"api/companies/{company}/issues/{issue}/release")).Status);
            JsonNode released = await asAlice.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"api/companies/{company}/issues/{issue}/release");
            Assert.Equal("todo", released["status"]!.GetValue<string>());
            Assert.Null(released["assigneeAgentId"]);
            Assert.Null(released["checkoutRunId"]);
            Assert.Null(released["executionRunId"]);
            Assert.Equal(bobRun, (await asBob.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Checkout(company, issue), new { agentId = bob, expectedStatuses = new[] { "todo" } }))["checkoutRunId"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task TwoAgentsCheckingOutOneIssueAtOnce_ExactlyOneWins_TwentyTimes()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        (string alice, _, ApiClient asAlice) = await this.AgentWithRunAsync(company);
        (string bob, _, ApiClient asBob) = await this.AgentWithRunAsync(company);
        using (asAlice)
        using (asBob)
        {
            for (int i = 0; i < 20; i++)
            {
                string issue = (await Scenario.IssueAsync(this.Board, company, null, $"race {i}"))["id"]!.GetValue<string>();
                (HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)[] results = await Task.WhenAll(
                    asAlice.SendAsync(HttpMethod.Post, Checkout(company, issue), new { agentId = alice, expectedStatuses = new[] { "todo" } }),
                    asBob.SendAsync(HttpMethod.Post, Checkout(company, issue), new { agentId = bob, expectedStatuses = new[] { "todo" } }));

                Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], results.Select(r => r.Status).Order());
                string winner = results.Single(r => r.Status == HttpStatusCode.OK).Body!["assigneeAgentId"]!.GetValue<string>();
                Assert.Equal(winner, (await this.Board.GetAsync($"api/companies/{company}/issues/{issue}"))["assigneeAgentId"]!.GetValue<string>());
                Assert.Equal("issue_checkout_conflict", results.Single(r => r.Status == HttpStatusCode.Conflict).Body!["code"]!.GetValue<string>());
            }
        }
    }

    [Fact]
    public async Task BadCheckouts_AreRefusedWithProblems()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        (string alice, string aliceRun, ApiClient asAlice) = await this.AgentWithRunAsync(company);
        (string bob, _, ApiClient asBob) = await this.AgentWithRunAsync(company);
        using (asAlice)
        using (asBob)
        {
            string issue = (await Scenario.IssueAsync(this.Board, company, null))["id"]!.GetValue<string>();
            string path = Checkout(company, issue);

            async Task Expect(HttpStatusCode status, string code, ApiClient client, object body)
            {
                (HttpStatusCode actual, JsonNode? problem, _) = await client.SendAsync(HttpMethod.Post, path, body);
                Assert.True(actual == status, $"expected {(int)status}, got {(int)actual}: {problem?.ToJsonString()}");
                Assert.Equal(code, problem!["code"]!.GetValue<string>());
            }

            await Expect(HttpStatusCode.BadRequest, "validation_failed", asAlice, new { agentId = alice });
            await Expect(HttpStatusCode.BadRequest, "validation_failed", asAlice, new { agentId = alice, expectedStatuses = Array.Empty<string>() });
            await Expect(HttpStatusCode.BadRequest, "validation_failed", asAlice, new { agentId = alice, expectedStatuses = new[] { "sleeping" } });
            await Expect(HttpStatusCode.Forbidden, "forbidden", asAlice, new { agentId = bob, expectedStatuses = new[] { "todo" } });
            await Expect(HttpStatusCode.NotFound, "not_found", this.Board, new { agentId = Guid.NewGuid(), expectedStatuses = new[] { "todo" } });

            // A run that is not Alice's, a header that is not a run id, and no run at all.
            asAlice.Headers["X-Paperclip-Run-Id"] = Guid.NewGuid().ToString();
            await Expect(HttpStatusCode.UnprocessableEntity, "run_id_mismatch", asAlice, new { agentId = alice, expectedStatuses = new[] { "todo" } });
            asAlice.Headers["X-Paperclip-Run-Id"] = "not-a-run";
            await Expect(HttpStatusCode.BadRequest, "validation_failed", asAlice, new { agentId = alice, expectedStatuses = new[] { "todo" } });
            asAlice.Headers.Remove("X-Paperclip-Run-Id");
            await Expect(HttpStatusCode.Unauthorized, "agent_run_id_required", asAlice, new { agentId = alice, expectedStatuses = new[] { "todo" } });

            // The board checks out for an agent (no run of its own), which wakes the agent.
            JsonNode claimed = await this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, path, new { agentId = alice, expectedStatuses = new[] { "todo" } });
            Assert.Null(claimed["checkoutRunId"]);
            await this.Board.PollAsync($"api/companies/{company}/runs?agentId={alice}&issueId={issue}", runs => runs.AsArray().Any(r => r!["wakeReason"]!.GetValue<string>() == "issue_checked_out"), TimeSpan.FromSeconds(60));
            Assert.NotEqual(aliceRun, claimed["checkoutRunId"]?.GetValue<string>());
        }
    }
}
