using System.Net;
using System.Text.Json.Nodes;
using Paperclip.Testing;

namespace Paperclip.Host.Tests;

/// <summary>An agent calls back to the API from inside its run with the run-scoped key in its environment.</summary>
[Collection(HostCollection.Name)]
public sealed class RunCallbackTests(HostFixture fixture)
{
    // The agent: python3 (always present where the tests run) posts a confirmation card for its own issue and keeps the
    // key it was given, so the test can check the key dies with the run.
    const string AgentScript = """
        import json, os, urllib.request
        url = f"{os.environ['PAPERCLIP_API_URL']}/api/companies/{os.environ['PAPERCLIP_COMPANY_ID']}/issues/{os.environ['PAPERCLIP_ISSUE_ID']}/interactions"
        body = json.dumps({"kind": "request_confirmation", "title": "Ready to merge?"}).encode()
        request = urllib.request.Request(url, data=body, method="POST", headers={"Authorization": "Bearer " + os.environ["PAPERCLIP_API_KEY"], "Content-Type": "application/json"})
        with urllib.request.urlopen(request) as response:
            print(response.status)
        open("key.txt", "w").write(os.environ["PAPERCLIP_API_KEY"])
        """;

    [Fact]
    public async Task RunScopedKey_LetsTheAgentCallBack_StampsItsRun_AndIsRevokedAfterwards()
    {
        ApiClient board = fixture.Host.Board;
        string company = await Scenario.CompanyAsync(board);
        string agent = await Scenario.AgentAsync(board, company, "python3", ["-c", AgentScript]);
        string issue = (await Scenario.IssueAsync(board, company, agent))["id"]!.GetValue<string>();
        string runId = await Scenario.WakeAsync(board, company, agent);
        JsonNode run = await Scenario.FinishedRunAsync(board, company, runId);

        Assert.True(run["status"]!.GetValue<string>() == "succeeded", run.ToJsonString());
        Assert.Equal("201\n", run["stdoutExcerpt"]!.GetValue<string>());
        JsonNode card = (await board.GetAsync($"api/companies/{company}/issues/{issue}/interactions")).AsArray().Single()!;
        Assert.Equal(runId, card["sourceRunId"]!.GetValue<string>());
        Assert.Equal(agent, card["createdByAgentId"]!.GetValue<string>());

        string key = await File.ReadAllTextAsync(Path.Combine(await Scenario.WorkspaceDirAsync(board, company, run["executionWorkspaceId"]!.GetValue<string>()), "key.txt"));
        Assert.StartsWith("pcak_", key, StringComparison.Ordinal);
        using ApiClient afterRun = new(fixture.Host.BaseAddress, key);
        Assert.Equal(HttpStatusCode.Unauthorized, (await afterRun.SendAsync(HttpMethod.Get, $"api/companies/{company}")).Status);
        Assert.DoesNotContain(key, run.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(key, (await board.GetAsync($"api/companies/{company}/runs/{runId}/log?limit=1000000"))["content"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
