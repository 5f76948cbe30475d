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

        CliResult profiles = await this.RunAsync("profiles", "list");
        Assert.StartsWith("* default\t" + this.Url, profiles.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Host.BoardKey, profiles.Stdout, StringComparison.Ordinal);

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

        // Woken and watched to its finalize: the agent's output streams by, and the CLI exits as the agent did.
        CliResult watched = await this.RunAsync("wakeup", agentId, "--issue", issue, "--watch");
        Assert.True(watched.ExitCode == 0, watched.Stderr);
        Assert.Contains("hello from the agent", watched.Stdout, StringComparison.Ordinal);
        Assert.Contains("finalize succeeded", watched.Stderr, StringComparison.Ordinal);
        // (Assigning the issue woke the agent too: the newest run is the wake's.)
        string run = (await this.RunAsync("runs", "list", "--issue-id", issue, "--quiet")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0];
        Assert.Equal("succeeded", (await this.JsonAsync("runs", "show", run))["status"]!.GetValue<string>());
        Assert.Contains("hello from the agent", (await this.RunAsync("runs", "logs", run)).Stdout, StringComparison.Ordinal);
        Assert.Contains("hello from the agent", (await this.RunAsync("runs", "logs", run, "--follow")).Stdout, StringComparison.Ordinal);
        Assert.Equal("default", (await this.JsonAsync("profiles", "list")).AsArray().Single()!["name"]!.GetValue<string>());
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

    [Fact]
    public async Task AWakeWithWatch_FollowsTheRunToFinalize_AndExitsWithTheAgentsExitCode()
    {
        (string company, string keyFile) = await this.CompanyAsync("Cli Watch");
        string agent = await Scenario.AgentAsync(fixture.Host.Board, company, "sh", ["-c", "echo working on it; exit 7"]);
        string issue = (await fixture.Host.Board.CreateAsync($"api/companies/{company}/issues", new { title = "Exit seven", assigneeAgentId = agent }))["id"]!.GetValue<string>();

        CliResult watched = await this.RunAsync("--url", this.Url, "--key-file", keyFile, "--company", company, "agents", "wakeup", agent, "--issue", issue, "--watch");
        Assert.True(watched.ExitCode == 7, $"{watched.ExitCode}: {watched.Stderr}");
        Assert.Contains("working on it", watched.Stdout, StringComparison.Ordinal);
        Assert.Contains("finalize succeeded", watched.Stderr, StringComparison.Ordinal);
        Assert.Contains("exit 7", watched.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunsWatch_InATerminal_ShowsThePhasesAdvancing_ToTheRunsEnd()
    {
        (string company, string keyFile) = await this.CompanyAsync("Cli Screen");
        string gate = Path.Combine(this.home, "go");
        string agent = await Scenario.AgentAsync(fixture.Host.Board, company, "sh", ["-c", $"echo started; i=0; while [ ! -e '{gate}' ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i+1)); done; echo released"]);
        string issue = (await fixture.Host.Board.CreateAsync($"api/companies/{company}/issues", new { title = "Watch me", assigneeAgentId = agent }))["id"]!.GetValue<string>();
        string run = await Scenario.WakeAsync(fixture.Host.Board, company, agent, new { issueId = issue });

        // A real pseudo-terminal: tmux on a socket of this test's own, 120x40.
        string socket = "paperclip-cli-" + Guid.NewGuid().ToString("N")[..8];
        string exitFile = Path.Combine(this.home, "exit");
        string command = $"dotnet '{CliPath}' runs watch {run} --url {this.Url} --key-file '{keyFile}' --company {company}; echo $? > '{exitFile}'; sleep 600";
        await Tmux(socket, "new-session", "-d", "-x", "120", "-y", "40", "-e", $"XDG_CONFIG_HOME={Path.Combine(this.home, "config")}", "sh", "-c", command);
        try
        {
            string screen = await ScreenAsync(socket, s => s.Contains("execute", StringComparison.Ordinal) && s.Contains("running", StringComparison.Ordinal) && s.Contains("started", StringComparison.Ordinal));
            Assert.Matches(@"prepare\s*│\s*succeeded", screen);
            Assert.Matches(@"finalize\s*│\s*pending", screen);

            await File.WriteAllTextAsync(gate, string.Empty);
            screen = await ScreenAsync(socket, s => s.Contains("finalize succeeded", StringComparison.Ordinal));
            Assert.Matches(@"execute\s*│\s*succeeded", screen);
            Assert.Contains("released", screen, StringComparison.Ordinal);
            for (int i = 0; i < 600 && !File.Exists(exitFile); i++)
            {
                await Task.Delay(100);
            }

            Assert.Equal("0", (await File.ReadAllTextAsync(exitFile)).Trim());
        }
        finally
        {
            await File.WriteAllTextAsync(gate, string.Empty);
            await Tmux(socket, "kill-server");
        }
    }

    [Fact]
    public async Task AnAccept_WaitsForTheWorkspacesFinalize_ThenSucceeds_OrExits75WithNoWait()
    {
        (string company, string keyFile) = await this.CompanyAsync("Cli Accept");
        string gate = Path.Combine(this.home, "finish");
        string agent = await Scenario.AgentAsync(fixture.Host.Board, company, "sh", ["-c", $"i=0; while [ ! -e '{gate}' ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i+1)); done"]);
        string issue = (await fixture.Host.Board.CreateAsync($"api/companies/{company}/issues", new { title = "Confirm me", assigneeAgentId = agent }))["id"]!.GetValue<string>();
        string run = await Scenario.WakeAsync(fixture.Host.Board, company, agent, new { issueId = issue });
        await fixture.Host.Board.PollAsync($"api/companies/{company}/runs/{run}", r => r["status"]!.GetValue<string>() == "running", TimeSpan.FromMinutes(1));
        try
        {
            string card = (await fixture.Host.Board.CreateAsync($"api/issues/{issue}/interactions", new { kind = "request_confirmation", title = "Ship it?", sourceRunId = run }))["id"]!.GetValue<string>();
            string[] accept = ["--url", this.Url, "--key-file", keyFile, "--company", company, "interactions", "accept", issue, card];

            CliResult later = await this.RunAsync([.. accept, "--no-wait"]);
            Assert.Equal(75, later.ExitCode);
            Assert.StartsWith("paperclip: workspace_finalize_pending: ", later.Stderr, StringComparison.Ordinal);

            // Waiting: it retries on Retry-After, visibly, until the run's finalize lets it through.
            Task<CliResult> waiting = this.RunAsync([.. accept, "--json"]);
            await fixture.Host.Board.PollAsync($"api/companies/{company}/runs/{run}", r => r["status"]!.GetValue<string>() == "running", TimeSpan.FromMinutes(1));
            await File.WriteAllTextAsync(gate, string.Empty);
            CliResult accepted = await waiting;
            Assert.True(accepted.ExitCode == 0, accepted.Stderr);
            Assert.Equal("accepted", JsonNode.Parse(accepted.Stdout)!["interaction"]!["status"]!.GetValue<string>());
        }
        finally
        {
            await File.WriteAllTextAsync(gate, string.Empty);
        }
    }

    [Fact]
    public async Task ASecretValue_GoesInThroughStdin_AndIsNeverPrinted()
    {
        (string company, string keyFile) = await this.CompanyAsync("Cli Secrets");
        string value = "s3cr3t-" + Guid.NewGuid().ToString("N");
        string[] connect = ["--url", this.Url, "--key-file", keyFile, "--company", company];
        CliResult created = await this.RunAsync([.. connect, "secrets", "create", "--key", "api-token", "--name", "API token", "--value-stdin", "--json"], value + "\n");
        Assert.True(created.ExitCode == 0, created.Stderr);
        string id = JsonNode.Parse(created.Stdout)!["id"]!.GetValue<string>();
        CliResult[] outputs = [created, await this.RunAsync([.. connect, "secrets", "list"]), await this.RunAsync([.. connect, "secrets", "show", id, "--json"])];
        Assert.All(outputs, o => Assert.DoesNotContain(value, o.Stdout + o.Stderr, StringComparison.Ordinal));
        Assert.Equal(1, (await fixture.Host.Board.GetAsync($"api/companies/{company}/secrets/{id}"))["latestVersion"]!.GetValue<int>());

        // A value on the command line is no option at all.
        Assert.Equal(2, (await this.RunAsync([.. connect, "secrets", "create", "--key", "other", "--name", "Other", "--value", value])).ExitCode);
    }

    [Fact]
    public async Task LabVerify_OnARealSshd_SyncsOutRunsAndMergesBack_AndEveryOtherGroupAnswersJson()
    {
        (string company, string keyFile) = await this.CompanyAsync("Cli Lab");
        await using SshdServer sshd = await SshdServer.StartAsync();
        string environment = await this.SshEnvironmentAsync(company, sshd, pinned: true);
        string[] connect = ["--url", this.Url, "--key-file", keyFile, "--company", company];

        CliResult verified = await this.RunAsync([.. connect, "environments", "lab", "verify", environment]);
        Assert.True(verified.ExitCode == 0, verified.Stderr);
        Assert.Contains("lab round trip: run", verified.Stderr, StringComparison.Ordinal);
        Assert.Contains("works end to end", verified.Stderr, StringComparison.Ordinal);

        // Again: the lab project and agent are found, not made twice.
        Assert.Equal(0, (await this.RunAsync([.. connect, "environments", "lab", "verify", environment])).ExitCode);
        JsonArray projects = (await this.JsonAsync([.. connect, "projects", "list"])).AsArray();
        Assert.Single(projects, p => p!["name"]!.GetValue<string>().StartsWith("paperclip-lab", StringComparison.Ordinal));

        // --json for the groups the other tests do not parse.
        JsonArray workspaces = (await this.JsonAsync([.. connect, "workspaces", "list"])).AsArray();
        string workspace = workspaces[0]!["id"]!.GetValue<string>();
        Assert.Equal("finalized", (await this.JsonAsync([.. connect, "workspaces", "show", workspace]))["finalizeState"]!.GetValue<string>());
        Assert.NotEmpty((await this.JsonAsync([.. connect, "workspaces", "operations", workspace])).AsArray());
        Assert.Equal(environment, (await this.JsonAsync([.. connect, "environments", "show", environment]))["id"]!.GetValue<string>());
        Assert.Contains(environment, (await this.JsonAsync([.. connect, "environments", "list"])).AsArray().Select(e => e!["id"]!.GetValue<string>()));
        Assert.True((await this.JsonAsync([.. connect, "environments", "probe", environment]))["ok"]!.GetValue<bool>());
        Assert.NotEmpty((await this.JsonAsync([.. connect, "activity", "list"])).AsArray());
        Assert.NotNull((await this.JsonAsync([.. connect, "vaults", "list"])).AsArray());
        Assert.NotEmpty((await this.JsonAsync([.. connect, "secrets", "providers"])).AsArray());
        Assert.Equal("healthy", (await this.JsonAsync([.. connect, "health"]))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task RunsWatch_ShowsTheRunsPlaceInItsWorkspacesLine_WhileItWaits()
    {
        (string company, string keyFile) = await this.CompanyAsync("Cli Line");
        string gate = Path.Combine(this.home, "let-go");
        string project = (await fixture.Host.Board.CreateAsync($"api/companies/{company}/projects", new { name = "Shared", executionWorkspacePolicy = new { enabled = true, defaultMode = "shared_workspace" } }))["id"]!.GetValue<string>();
        string slow = await Scenario.AgentAsync(fixture.Host.Board, company, "sh", ["-c", $"i=0; while [ ! -e '{gate}' ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i+1)); done"]);
        string quick = await Scenario.AgentAsync(fixture.Host.Board, company, "true", []);
        string first = (await fixture.Host.Board.CreateAsync($"api/companies/{company}/issues", new { title = "First", projectId = project, assigneeAgentId = slow }))["id"]!.GetValue<string>();
        string second = (await fixture.Host.Board.CreateAsync($"api/companies/{company}/issues", new { title = "Second", projectId = project, assigneeAgentId = quick }))["id"]!.GetValue<string>();
        string holder = await Scenario.WakeAsync(fixture.Host.Board, company, slow, new { issueId = first });
        await fixture.Host.Board.PollAsync($"api/companies/{company}/runs/{holder}", r => r["status"]!.GetValue<string>() == "running", TimeSpan.FromMinutes(1));
        try
        {
            string waiting = await Scenario.WakeAsync(fixture.Host.Board, company, quick, new { issueId = second });
            Task<CliResult> watch = this.RunAsync("--url", this.Url, "--key-file", keyFile, "--company", company, "runs", "watch", waiting);
            string workspace = (await fixture.Host.Board.GetAsync($"api/companies/{company}/runs/{waiting}"))["executionWorkspaceId"]!.GetValue<string>();
            await fixture.Host.Board.PollAsync($"api/companies/{company}/workspaces/{workspace}", w => w["queuedRunIds"]!.AsArray().Any(r => r!.GetValue<string>() == waiting), TimeSpan.FromMinutes(1));

            // Not a synchronisation: the watcher reads the run once a second; give it a few looks at the line.
            for (int i = 0; i < 100 && !watch.IsCompleted; i++)
            {
                await Task.Delay(100);
            }

            await File.WriteAllTextAsync(gate, string.Empty);
            CliResult watched = await watch;
            Assert.True(watched.ExitCode == 0, watched.Stderr);
            Assert.Contains($"1st in line, behind run {holder}", watched.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            await File.WriteAllTextAsync(gate, string.Empty);
        }
    }

    [Fact]
    public async Task AProbe_ShowsAnUnknownHostKey_AndPinsItOnlyWhenTold()
    {
        (string company, string keyFile) = await this.CompanyAsync("Cli Pin");
        await using SshdServer sshd = await SshdServer.StartAsync();
        string environment = await this.SshEnvironmentAsync(company, sshd, pinned: false);
        string[] probe = ["--url", this.Url, "--key-file", keyFile, "--company", company, "environments", "probe", environment];

        // Not on a terminal, nothing is asked and nothing pinned: the probe fails with the key's code (exit 1).
        CliResult unknown = await this.RunAsync(probe);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("host_key_unknown", unknown.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, (await this.RunAsync(probe)).ExitCode);

        CliResult pinned = await this.RunAsync([.. probe, "--trust-host-key"]);
        Assert.True(pinned.ExitCode == 0, pinned.Stdout + pinned.Stderr);
        Assert.Equal(0, (await this.RunAsync(probe)).ExitCode);
    }

    static string CliPath => Path.Combine(TestPaths.RepoRoot, "src", "Paperclip.Cli", "bin", TestPaths.Configuration, "net10.0", "Paperclip.Cli.dll");

    string Url => fixture.Host.BaseAddress.ToString().TrimEnd('/');

    /// <summary>A company made by the board, and the board key in a file (the CLI takes keys from files, not argv).</summary>
    async Task<(string Company, string KeyFile)> CompanyAsync(string name)
    {
        string keyFile = Path.Combine(this.home, "board-" + Guid.NewGuid().ToString("N")[..6] + ".key");
        await File.WriteAllTextAsync(keyFile, fixture.Host.BoardKey);
        return ((await fixture.Host.Board.CreateAsync("api/companies", new { name }))["id"]!.GetValue<string>(), keyFile);
    }

    /// <summary>An SSH environment on <paramref name="sshd"/>, its host key pinned or left for a probe to pin.</summary>
    async Task<string> SshEnvironmentAsync(string company, SshdServer sshd, bool pinned) =>
        (await fixture.Host.Board.CreateAsync($"api/companies/{company}/environments", new
        {
            name = pinned ? "box" : "unpinned",
            driver = "ssh",
            config = new { host = "127.0.0.1", port = sshd.Port, username = sshd.User, remoteWorkspacePath = Path.Combine(sshd.WorkspaceRoot, "ws"), privateKey = sshd.PrivateKey, knownHosts = pinned ? sshd.KnownHostsLine : null },
        }))["id"]!.GetValue<string>();

    static async Task Tmux(string socket, params string[] args)
    {
        ProcessStartInfo start = new("tmux") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-L");
        start.ArgumentList.Add(socket);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        await process.WaitForExitAsync();
    }

    /// <summary>The pane's text once <paramref name="done"/> holds (a bounded look, every 200 ms, up to 2 minutes).</summary>
    static async Task<string> ScreenAsync(string socket, Func<string, bool> done)
    {
        string screen = string.Empty;
        for (int i = 0; i < 600; i++)
        {
            ProcessStartInfo start = new("tmux", ["-L", socket, "capture-pane", "-p", "-J"]) { RedirectStandardOutput = true };
            using Process capture = Process.Start(start)!;
            screen = await capture.StandardOutput.ReadToEndAsync();
            await capture.WaitForExitAsync();
            if (done(screen))
            {
                return screen;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The screen never showed what was expected:\n" + screen);
    }

    async Task<JsonNode> JsonAsync(params string[] args)
    {
        CliResult result = await this.RunAsync([.. args, "--json"]);
        Assert.True(result.ExitCode == 0, $"paperclip {string.Join(' ', args)} → {result.ExitCode}: {result.Stderr}");
        return JsonNode.Parse(result.Stdout)!;
    }

    /// <summary>Runs the CLI with this test's own config home and no inherited Paperclip variables.</summary>
    Task<CliResult> RunAsync(params string[] args) => this.RunAsync(args, null);

    async Task<CliResult> RunAsync(string[] args, string? stdin)
    {
        ProcessStartInfo start = new("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add(CliPath);
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
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using CancellationTokenSource timeout = new(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    sealed record CliResult(int ExitCode, string Stdout, string Stderr);
}
