using System.Net;
using System.Text.Json.Nodes;
using Paperclip.Testing;

namespace Paperclip.Host.Tests;

/// <summary>
/// The accept gate keyed on the card's own run (upstream's later rule): on a shared workspace, a card whose run has
/// finalized is accepted while another issue's run is mid-flight there; a card whose run has not is held with
/// upstream's text and its own run in sourceRunId; a card without a source run keeps the workspace-wide rule.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class AcceptGateTests(HostFixture fixture)
{
    ApiClient Board => fixture.Host.Board;

    [Fact]
    public async Task OnASharedWorkspace_TheCardsOwnRunDecides_AndAnotherRunInFlightHoldsOnlyCardsWithoutARun()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string primary = Directory.CreateDirectory(Path.Combine(fixture.Host.DataDirectory, "gate-" + Guid.NewGuid().ToString("N"))).FullName;
        string project = (await this.Board.CreateAsync($"api/companies/{company}/projects", new { name = "Mono", workspaceCwd = primary, executionWorkspacePolicy = new { enabled = true, defaultMode = "shared_workspace" } }))["id"]!.GetValue<string>();
        string quick = await Scenario.AgentAsync(this.Board, company, "true", []);
        string gate = Path.Combine(primary, "release-the-slow-run");
        string slow = await Scenario.AgentAsync(this.Board, company, "sh", ["-c", $"i=0; while [ ! -e '{gate}' ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i+1)); done"]);
        string asked = (await this.Board.CreateAsync($"api/companies/{company}/issues", new { title = "A", projectId = project, assigneeAgentId = quick }))["id"]!.GetValue<string>();
        string other = (await this.Board.CreateAsync($"api/companies/{company}/issues", new { title = "B", projectId = project, assigneeAgentId = slow }))["id"]!.GetValue<string>();

        // A's run finalized; then B's run holds the same (shared) workspace.
        string finishedRun = (await Scenario.FinishedRunAsync(this.Board, company, await Scenario.WakeAsync(this.Board, company, quick, new { issueId = asked })))["id"]!.GetValue<string>();
        string busyRun = await Scenario.WakeAsync(this.Board, company, slow, new { issueId = other });
        await this.Board.PollAsync($"api/companies/{company}/runs/{busyRun}", r => r["status"]!.GetValue<string>() == "running", TimeSpan.FromMinutes(1));
        try
        {
            string Cards(string issue) => $"api/issues/{issue}/interactions";

            // The card of A's finalized run: accepted although B's run is mid-flight on the workspace.
            string ownRunDone = (await this.Board.CreateAsync(Cards(asked), new { kind = "request_confirmation", title = "Merge A?", sourceRunId = finishedRun }))["id"]!.GetValue<string>();
            JsonNode accepted = await this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"{Cards(asked)}/{ownRunDone}/accept", new { });
            Assert.Equal("accepted", accepted["interaction"]!["status"]!.GetValue<string>());

            // A card without a source run keeps the workspace-wide rule: held, and the 409 names no other run.
            string noRun = (await this.Board.CreateAsync(Cards(asked), new { kind = "request_confirmation", title = "And this?" }))["id"]!.GetValue<string>();
            (HttpStatusCode status, JsonNode? problem, _) = await this.Board.SendAsync(HttpMethod.Post, $"{Cards(asked)}/{noRun}/accept", new { });
            Assert.Equal((HttpStatusCode.Conflict, "workspace_finalize_pending"), (status, problem!["code"]!.GetValue<string>()));
            Assert.Null(problem["sourceRunId"]);
            Assert.Equal("Cannot accept interaction: the issue's most recent run has not completed workspace_finalize. Retry once it has.", problem["detail"]!.GetValue<string>());

            // The card of the run still in flight is held with upstream's text and its own run.
            string busyCard = (await this.Board.CreateAsync(Cards(other), new { kind = "request_confirmation", title = "Merge B?", sourceRunId = busyRun }))["id"]!.GetValue<string>();
            (status, problem, _) = await this.Board.SendAsync(HttpMethod.Post, $"{Cards(other)}/{busyCard}/accept", new { });
            Assert.Equal((HttpStatusCode.Conflict, busyRun), (status, problem!["sourceRunId"]!.GetValue<string>()));
            Assert.Equal("Cannot accept interaction: the run that created this interaction has not finished syncing its workspace. Retry once the local worktree has finished syncing.", problem["detail"]!.GetValue<string>());
            Assert.True((await this.Board.GetAsync($"api/issues/{other}/heartbeat-context"))["confirmationAwaitsFinalize"]!.GetValue<bool>());
            Assert.True((await this.Board.GetAsync($"api/issues/{asked}/heartbeat-context"))["confirmationAwaitsFinalize"]!.GetValue<bool>());

            // Once B's run finalized, both held cards go through.
            await File.WriteAllTextAsync(gate, string.Empty);
            await Scenario.FinishedRunAsync(this.Board, company, busyRun);
            Assert.Equal("accepted", (await this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"{Cards(other)}/{busyCard}/accept", new { }))["interaction"]!["status"]!.GetValue<string>());
            Assert.Equal("accepted", (await this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"{Cards(asked)}/{noRun}/accept", new { }))["interaction"]!["status"]!.GetValue<string>());
        }
        finally
        {
            await File.WriteAllTextAsync(gate, string.Empty);
        }
    }
}
