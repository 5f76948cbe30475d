using System.Text.Json.Nodes;
using Paperclip.Testing;

namespace Paperclip.Host.Tests;

/// <summary>
/// An upstream-style agent does its heartbeat against the self-host with its run-scoped key only. The agent is the
/// shell script of <c>docs/AUTHORING.md</c> ("The heartbeat procedure"), read from the doc, so the doc's example is
/// what is proven to work.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class HeartbeatProcedureTests(HostFixture fixture)
{
    ApiClient Board => fixture.Host.Board;

    internal static string ProcedureScript()
    {
        string doc = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "docs", "AUTHORING.md"));
        int begin = doc.IndexOf("<!-- heartbeat-procedure:begin -->", StringComparison.Ordinal);
        int end = doc.IndexOf("<!-- heartbeat-procedure:end -->", StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, "the procedure's markers are missing from docs/AUTHORING.md");
        string block = doc[begin..end];
        int open = block.IndexOf("```sh\n", StringComparison.Ordinal) + "```sh\n".Length;
        return block[open..block.LastIndexOf("```", StringComparison.Ordinal)];
    }

    [Fact]
    public async Task TheDocumentedScript_ChecksOutReadsCommentsAndFinishes_AndTheDependentWakesOnceAfterFinalize()
    {
        // Under the host's data directory, which goes with the host: a late run of the agent (the second comment's
        // wake) still finds its script and gate there.
        string scratch = Directory.CreateDirectory(Path.Combine(fixture.Host.DataDirectory, "heartbeat-" + Guid.NewGuid().ToString("N"))).FullName;
        string script = Path.Combine(scratch, "heartbeat.sh");
        await File.WriteAllTextAsync(script, ProcedureScript());
        string go = Path.Combine(scratch, "go");

        // The agent starts when the test says so, so the second comment is certainly posted before it reads
        // "what is new since the waking comment" (a bounded wait on a file, then the documented script).
        string gate = $"i=0; while [ ! -e '{go}' ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i+1)); done; exec sh '{script}'";
        string company = await Scenario.CompanyAsync(this.Board);
        string agent = await Scenario.AgentAsync(this.Board, company, "sh", ["-c", gate]);
        string follower = await Scenario.AgentAsync(this.Board, company, "true", []);
        JsonNode issue = await Scenario.IssueAsync(this.Board, company, agent, "Write the answer");
        string issueId = issue["id"]!.GetValue<string>();
        string dependent = (await this.Board.CreateAsync($"api/companies/{company}/issues", new { title = "Ship the answer", assigneeAgentId = follower, blockedByIssueIds = new[] { issueId } }))["id"]!.GetValue<string>();

        // The board's comment wakes the assignee with it; a second one follows while the run is starting.
        JsonNode asked = await this.Board.CreateAsync($"api/issues/{issue["identifier"]!.GetValue<string>()}/comments", new { body = "Please write 42." });
        JsonNode run = (await this.Board.PollAsync($"api/companies/{company}/runs?issueId={issueId}", r => r.AsArray().Count > 0, TimeSpan.FromMinutes(1))).AsArray()[0]!;
        string runId = run["id"]!.GetValue<string>();
        Assert.Equal("issue_commented", run["wakeReason"]!.GetValue<string>());
        await this.Board.CreateAsync($"api/issues/{issueId}/comments", new { body = "And say hello." });
        await File.WriteAllTextAsync(go, string.Empty);

        JsonNode finished = await Scenario.FinishedRunAsync(this.Board, company, runId);
        Assert.True(finished["status"]!.GetValue<string>() == "succeeded", finished.ToJsonString());
        Assert.Contains("I am ", finished["stdoutExcerpt"]!.GetValue<string>(), StringComparison.Ordinal);

        // The agent's comment records it and the run, and carries what it read: the waking comment and the one after.
        JsonArray comments = (await this.Board.GetAsync($"api/issues/{issueId}/comments?order=asc")).AsArray();
        JsonNode reply = comments.Single(c => c!["authorAgentId"]?.GetValue<string>() == agent)!;
        Assert.Equal(runId, reply["createdByRunId"]!.GetValue<string>());
        Assert.Equal("Done: Please write 42.; also read: And say hello.", reply["body"]!.GetValue<string>());
        Assert.Equal(asked["id"]!.GetValue<string>(), comments[0]!["id"]!.GetValue<string>());

        JsonNode done = await this.Board.GetAsync($"api/issues/{issueId}");
        Assert.Equal(("done", runId), (done["status"]!.GetValue<string>(), done["checkoutRunId"]!.GetValue<string>()));
        string workspace = await Scenario.WorkspaceDirAsync(this.Board, company, finished["executionWorkspaceId"]!.GetValue<string>());
        Assert.Equal("Please write 42.\nAnd say hello.\n", await File.ReadAllTextAsync(Path.Combine(workspace, "answer.txt")));

        // The dependent wakes after the run's finalize, once.
        JsonNode wake = (await this.Board.PollAsync($"api/companies/{company}/runs?issueId={dependent}", r => r.AsArray().Count > 0, TimeSpan.FromMinutes(1))).AsArray().Single()!;
        Assert.Equal("issue_blockers_resolved", wake["wakeReason"]!.GetValue<string>());
        Assert.True(wake["createdAt"]!.GetValue<DateTimeOffset>() >= finished["operations"]!.AsArray()[^1]!["finishedAt"]!.GetValue<DateTimeOffset>(), "woken before finalize");
        await Scenario.FinishedRunAsync(this.Board, company, wake["id"]!.GetValue<string>());

        // The second comment's wake may run the agent again; it finds nothing assigned and exits. Once every run
        // of the issue has ended, the dependent has still been woken exactly once.
        await this.Board.PollAsync($"api/companies/{company}/runs?issueId={issueId}", r => r.AsArray().All(x => x!["status"]!.GetValue<string>() is "succeeded" or "failed" or "cancelled"), TimeSpan.FromMinutes(2));
        Assert.Single((await this.Board.GetAsync($"api/companies/{company}/runs?issueId={dependent}")).AsArray());
    }
}
