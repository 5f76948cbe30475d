using System.Diagnostics;
using System.Text.Json.Nodes;
using Paperclip.Testing;

namespace Paperclip.Host.Tests;

/// <summary>
/// The <c>paperclip</c> command line, run as a process against the self-host: login, then companies, agents, issues,
/// a wake and its run; <c>--json</c> parsed for each group; exit codes and one-line errors for bad input; the key in
/// no process's argv.
/// </summary>
[Collection(HostCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CliTests(HostFixture fixture) : IDisposable
{
    readonly string home = TestPaths.NewTempDirectory("cli");

    public void Dispose() => TestPaths.TryDelete(this.home);

    [Fact]
    public async Task ANewUser_LogsIn_AndDrivesCompanyAgentIssueAndRun_WithTablesJsonAndIds()
    {
        // Login from the self-host's key file, as scripts/run.sh leaves it: the key is never on the command line.
        string project = Directory.CreateDirectory(Path.Combine(this.home, "checkout", ".data")).Parent!.FullName;
        await File.WriteAllTextAsync(Path.Combine(project, ".data", "board.key"), fixture.Host.BoardKey + "\n");
        CliResult login = await this.RunAsync("login", "--url", this.Url, "--self-host", project);
        Assert.Equal(0, login.ExitCode);
        Assert.Contains("Logged in to", login.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Host.BoardKey, login.Stdout + login.Stderr, StringComparison.Ordinal);
        string config = Path.Combine(this.home, "config", "paperclip", "config.json");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(config));

        string company = (await this.JsonAsync("companies", "create", "--name", "Cli Co"))["id"]!.GetValue<string>();
        Assert.Equal(0, (await this.RunAsync("companies", "use", company)).ExitCode);
        Assert.Contains(company, (await this.RunAsync("companies", "list", "--quiet")).Stdout.Split('\n'));
        Assert.Contains("Cli Co", (await this.RunAsync("companies", "show", company)).Stdout, StringComparison.Ordinal);

        JsonNode agent = await this.JsonAsync("agents", "create", "--name", "echoer", "--data", """{"adapterType":"process","adapterConfig":{"command":"sh","args":["-c","echo hello from the agent"]}}""");
        string agentId = agent["id"]!.GetValue<string>();
        Assert.Equal(agentId, (await this.JsonAsync("agents", "show", agentId))["id"]!.GetValue<string>());
        Assert.Equal("paused", (await this.JsonAsync("agents", "pause", agentId))["status"]!.GetValue<string>());
        Assert.Equal("active", (await this.JsonAsync("agents", "resume", agentId))["status"]!.GetValue<string>());
        CliResult table = await this.RunAsync("agents", "list");
        Assert.Contains("echoer", table.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", table.Stdout, StringComparison.Ordinal);

        string issue = (await this.JsonAsync("issues", "create", "--title", "Say hello", "--assignee", agentId))["id"]!.GetValue<string>();
        Assert.Contains(issue, (await this.RunAsync("issues", "list", "--assignee-agent-id", agentId, "-q")).Stdout.Split('\n'));
        Assert.Equal(issue, (await this.JsonAsync("issues", "show", issue))["id"]!.GetValue<string>());
        Assert.Equal("a note", (await this.JsonAsync("issues", "comments", "add", issue, "--body", "a note"))["body"]!.GetValue<string>());
        Assert.Single((await this.JsonAsync("issues", "comments", "list", issue)).AsArray());

        string run = (await this.JsonAsync("agents", "wakeup", agentId, "--issue", issue))["runId"]!.GetValue<string>();
        Assert.Contains("hello from the agent", (await this.RunAsync("runs", "logs", run, "--follow")).Stdout, StringComparison.Ordinal);
        JsonNode finished = await fixture.Host.Board.PollAsync($"api/companies/{company}/runs/{run}", r => r["status"]!.GetValue<string>() is "succeeded" or "failed", TimeSpan.FromMinutes(2));
        Assert.Equal("succeeded", finished["status"]!.GetValue<string>());
        Assert.Equal(run, (await this.JsonAsync("runs", "show", run))["id"]!.GetValue<string>());
        Assert.Contains(run, (await this.RunAsync("runs", "list", "--issue-id", issue, "--quiet")).Stdout.Split('\n'));
        Assert.Contains(issue, (await this.JsonAsync("agents", "wakeups", agentId)).AsArray().Select(w => w!["issueId"]?.GetValue<string>()));
    }

    [Fact]
    public async Task BadInput_GivesTheRightExitCode_AndAOneLineError()
    {
        string keyFile = Path.Combine(this.home, "board.key");
        await File.WriteAllTextAsync(keyFile, fixture.Host.BoardKey);
        string company = (await fixture.Host.Board.CreateAsync("api/companies", new { name = "Cli Errors" }))["id"]!.GetValue<string>();

        // The API refused: 1, with the problem's code.
        CliResult unknown = await this.RunAsync("--url", this.Url, "--key-file", keyFile, "--company", company, "issues", "show", Guid.NewGuid().ToString());
        Assert.Equal((1, 1), (unknown.ExitCode, unknown.Stderr.Trim().Split('\n').Length));
        Assert.StartsWith("paperclip: not_found: ", unknown.Stderr, StringComparison.Ordinal);

        // Usage: 2 (an unknown flag; a body the server's own parser refuses, before any call).
        Assert.Equal(2, (await this.RunAsync("issues", "list", "--no-such-flag")).ExitCode);
        CliResult badBody = await this.RunAsync("--url", this.Url, "--key-file", keyFile, "--company", company, "issues", "create", "--data", """{"title": 5}""");
        Assert.Equal(2, badBody.ExitCode);
        Assert.DoesNotContain("   at ", badBody.Stderr, StringComparison.Ordinal);

        // Nothing listening: 3.
        CliResult down = await this.RunAsync("--url", "http://127.0.0.1:9", "--key-file", keyFile, "companies", "list");
        Assert.Equal(3, down.ExitCode);
        Assert.Contains("Cannot connect", down.Stderr, StringComparison.Ordinal);
    }

    string Url => fixture.Host.BaseAddress.ToString().TrimEnd('/');

    async Task<JsonNode> JsonAsync(params string[] args)
    {
        CliResult result = await this.RunAsync([.. args, "--json"]);
        Assert.True(result.ExitCode == 0, $"paperclip {string.Join(' ', args)} → {result.ExitCode}: {result.Stderr}");
        return JsonNode.Parse(result.Stdout)!;
    }

    /// <summary>Runs the CLI with this test's own config home and no inherited Paperclip variables.</summary>
    async Task<CliResult> RunAsync(params string[] args)
    {
        ProcessStartInfo start = new("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add(Path.Combine(TestPaths.RepoRoot, "src", "Paperclip.Cli", "bin", TestPaths.Configuration, "net10.0", "Paperclip.Cli.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (string name in new[] { "PAPERCLIP_API_URL", "PAPERCLIP_API_KEY", "PAPERCLIP_COMPANY_ID", "PAPERCLIP_PROFILE" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["XDG_CONFIG_HOME"] = Path.Combine(this.home, "config");
        start.Environment["NO_COLOR"] = "1";
        using Process process = Process.Start(start)!;
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using CancellationTokenSource timeout = new(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    sealed record CliResult(int ExitCode, string Stdout, string Stderr);
}
