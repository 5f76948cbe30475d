using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Paperclip.Testing;

namespace Paperclip.Host.Tests;

[Collection(HostCollection.Name)]
public sealed class RunLogTests(HostFixture fixture)
{
    ApiClient Board => fixture.Host.Board;

    [Fact]
    public async Task Output_IsCapturedToTheLog_WithExcerptsOnTheRunAndItsExecuteRow()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string agent = await Scenario.AgentAsync(this.Board, company, "sh", ["-c", "i=1; while [ $i -le 3000 ]; do echo \"line $i\"; i=$((i+1)); done; echo oops >&2"]);
        await Scenario.IssueAsync(this.Board, company, agent);
        string runId = await Scenario.WakeAsync(this.Board, company, agent);
        JsonNode run = await Scenario.FinishedRunAsync(this.Board, company, runId);

        string expected = string.Concat(Enumerable.Range(1, 3000).Select(i => $"line {i}\n"));
        long total = expected.Length + "oops\n".Length;
        Assert.Equal(total, run["logBytes"]!.GetValue<long>());
        string stdout = run["stdoutExcerpt"]!.GetValue<string>();
        Assert.Equal(4096, stdout.Length);
        Assert.EndsWith("line 3000\n", stdout, StringComparison.Ordinal);
        Assert.Equal("oops\n", run["stderrExcerpt"]!.GetValue<string>());
        JsonNode execute = run["operations"]!.AsArray().Single(o => o!["phase"]!.GetValue<string>() == "execute")!;
        Assert.Equal(stdout, execute["stdoutExcerpt"]!.GetValue<string>());

        // Read it all back in slices.
        string log = string.Empty;
        long offset = 0;
        JsonNode slice;
        do
        {
            slice = await this.Board.GetAsync($"api/companies/{company}/runs/{runId}/log?offset={offset}&limit=10000");
            log += slice["content"]!.GetValue<string>();
            offset = slice["nextOffset"]!.GetValue<long>();
            Assert.Equal(total, slice["length"]!.GetValue<long>());
        }
        while (!slice["complete"]!.GetValue<bool>());

        Assert.Equal(total, log.Length);
        Assert.StartsWith("line 1\nline 2\n", log, StringComparison.Ordinal);
        Assert.Contains("line 3000\n", log, StringComparison.Ordinal);
        Assert.Contains("oops\n", log, StringComparison.Ordinal);
        Assert.Equal(string.Concat(log.Split('\n').Where(l => l.StartsWith("line ", StringComparison.Ordinal)).Select(l => l + "\n")), expected);
    }

    [Fact]
    public async Task Follow_StreamsOutputAsItIsWritten_AndEndsWithTheRun()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string agent = await Scenario.AgentAsync(this.Board, company, "sh", ["-c", "for i in 1 2 3 4 5; do echo \"tick $i\"; sleep 0.3; done"]);
        await Scenario.IssueAsync(this.Board, company, agent);
        string runId = await Scenario.WakeAsync(this.Board, company, agent);

        using HttpClient http = new() { BaseAddress = fixture.Host.BaseAddress, Timeout = TimeSpan.FromMinutes(3) };
        using HttpRequestMessage request = new(HttpMethod.Get, $"api/companies/{company}/runs/{runId}/log?follow=true");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Host.BoardKey);
        using HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        string streamed = await response.Content.ReadAsStringAsync();

        Assert.Equal(string.Concat(Enumerable.Range(1, 5).Select(i => $"tick {i}\n")), streamed);
        JsonNode run = await this.Board.GetAsync($"api/companies/{company}/runs/{runId}");
        Assert.Equal("succeeded", run["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Log_OfUnknownOrForeignRuns_IsNotFound_AndBadQueriesAreRejected()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string other = await Scenario.CompanyAsync(this.Board, "Other Co");
        string agent = await Scenario.AgentAsync(this.Board, company, "echo", ["hi"]);
        await Scenario.IssueAsync(this.Board, company, agent);
        string runId = await Scenario.WakeAsync(this.Board, company, agent);
        await Scenario.FinishedRunAsync(this.Board, company, runId);

        Assert.Equal(HttpStatusCode.NotFound, (await this.Board.SendAsync(HttpMethod.Get, $"api/companies/{company}/runs/{Guid.NewGuid()}/log")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await this.Board.SendAsync(HttpMethod.Get, $"api/companies/{other}/runs/{runId}/log")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await this.Board.SendAsync(HttpMethod.Get, $"api/companies/{company}/runs/{runId}/log?offset=-1")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await this.Board.SendAsync(HttpMethod.Get, $"api/companies/{company}/runs/{runId}/log?follow=maybe")).Status);
        JsonNode past = await this.Board.GetAsync($"api/companies/{company}/runs/{runId}/log?offset=1000");
        Assert.Equal(string.Empty, past["content"]!.GetValue<string>());
        Assert.True(past["complete"]!.GetValue<bool>());
        JsonNode tail = await this.Board.GetAsync($"api/companies/{company}/runs/{runId}/log?offset=0&limit=2");
        Assert.Equal(("hi", 2L, false), (tail["content"]!.GetValue<string>(), tail["nextOffset"]!.GetValue<long>(), tail["complete"]!.GetValue<bool>()));
    }
}
