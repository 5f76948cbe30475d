using System.Net;
using System.Text.Json.Nodes;
using Paperclip.Testing;

namespace Paperclip.Host.Tests;

/// <summary>Execution workspaces by mode, realised by prepare, and child inheritance — through the API on the self-host.</summary>
[Collection(HostCollection.Name)]
public sealed class WorkspaceModeTests(HostFixture fixture) : IDisposable
{
    // The agent prints where it runs and, inside a git worktree, its branch.
    static readonly string[] WhereAmI = ["-c", "pwd; git rev-parse --abbrev-ref HEAD 2>/dev/null; ls"];

    readonly string scratch = Path.Combine(Path.GetTempPath(), "paperclip-ws-" + Guid.NewGuid().ToString("N"));

    ApiClient Board => fixture.Host.Board;

    [Fact]
    public async Task SharedWorkspace_RunsEveryIssueOfTheProjectInItsPrimaryDirectory_OnOneSerializer()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string primary = Directory.CreateDirectory(Path.Combine(this.scratch, "primary")).FullName;
        string project = await this.ProjectAsync(company, primary, new { enabled = true, defaultMode = "shared_workspace" });
        string agent = await Scenario.AgentAsync(this.Board, company, "sh", WhereAmI);
        JsonNode first = await this.Board.CreateAsync($"api/companies/{company}/issues", new { title = "One", projectId = project, assigneeAgentId = agent });
        JsonNode second = await this.Board.CreateAsync($"api/companies/{company}/issues", new { title = "Two", projectId = project, assigneeAgentId = agent });

        JsonNode run1 = await this.RunAsync(company, agent, first);
        JsonNode run2 = await this.RunAsync(company, agent, second);

        Assert.Equal(primary, Cwd(run1));
        Assert.Equal(primary, Cwd(run2));
        string workspaceId = run1["executionWorkspaceId"]!.GetValue<string>();
        Assert.Equal(workspaceId, run2["executionWorkspaceId"]!.GetValue<string>());
        JsonNode workspace = await this.Board.GetAsync($"api/companies/{company}/workspaces/{workspaceId}");
        Assert.Equal("shared_workspace", workspace["mode"]!.GetValue<string>());
        Assert.Equal("project_primary", workspace["strategyType"]!.GetValue<string>());
        Assert.Equal(primary, workspace["cwd"]!.GetValue<string>());
        Assert.Equal("local", workspace["environmentId"]!.GetValue<string>());
        Assert.Equal(2, workspace["admittedCount"]!.GetValue<long>());
        Assert.Equal(workspaceId, (await this.Board.GetAsync($"api/companies/{company}/issues/{first["id"]}"))["executionWorkspaceId"]!.GetValue<string>());
    }

    [Fact]
    public async Task IsolatedWorkspace_IsAGitWorktreeOnTheIssuesBranch_KeptAcrossRuns()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string repo = this.GitRepository("repo");
        string project = await this.ProjectAsync(company, repo, new { enabled = true, defaultMode = "isolated" });
        string agent = await Scenario.AgentAsync(this.Board, company, "sh", ["-c", "pwd; git rev-parse --abbrev-ref HEAD; ls; touch from-run-$PAPERCLIP_RUN_ID"]);
        JsonNode issue = await this.Board.CreateAsync($"api/companies/{company}/issues", new { title = "Fix the Login page!", projectId = project, assigneeAgentId = agent });
        string branch = $"paperclip/{issue["identifier"]!.GetValue<string>().ToLowerInvariant()}-fix-the-login-page";

        JsonNode run1 = await this.RunAsync(company, agent, issue);
        string[] out1 = Output(run1);
        Assert.NotEqual(repo, out1[0]);
        Assert.Equal(branch, out1[1]);
        Assert.Contains("README.md", out1);
        Assert.Equal(branch, TestGit.Run(repo, "rev-parse", "--abbrev-ref", $"{branch}"));

        // The second run gets the same worktree, with the first run's work still in it.
        JsonNode run2 = await this.RunAsync(company, agent, issue);
        Assert.Equal(out1[0], Output(run2)[0]);
        Assert.Contains($"from-run-{run1["id"]}", Output(run2));
        JsonNode workspace = await this.Board.GetAsync($"api/companies/{company}/workspaces/{run1["executionWorkspaceId"]}");
        Assert.Equal(("isolated_workspace", "git_worktree", "git_worktree", branch), (workspace["mode"]!.GetValue<string>(), workspace["strategyType"]!.GetValue<string>(), workspace["providerType"]!.GetValue<string>(), workspace["branchName"]!.GetValue<string>()));
        Assert.Equal(issue["id"]!.GetValue<string>(), workspace["sourceIssueId"]!.GetValue<string>());
    }

    [Fact]
    public async Task IsolatedWithoutARepository_IsAPlainDirectory_AndAgentDefault_IsTheAgentsOwnDirectory()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string agent = await Scenario.AgentAsync(this.Board, company, "sh", WhereAmI);
        JsonNode isolated = await this.Board.CreateAsync($"api/companies/{company}/issues", new { title = "Alone", assigneeAgentId = agent, executionWorkspaceSettings = new { mode = "isolated_workspace" } });
        JsonNode own = await this.Board.CreateAsync($"api/companies/{company}/issues", new { title = "Mine", assigneeAgentId = agent, executionWorkspaceSettings = new { mode = "agent_default" } });

        JsonNode run1 = await this.RunAsync(company, agent, isolated);
        JsonNode run2 = await this.RunAsync(company, agent, own);

        JsonNode ws1 = await this.Board.GetAsync($"api/companies/{company}/workspaces/{run1["executionWorkspaceId"]}");
        JsonNode ws2 = await this.Board.GetAsync($"api/companies/{company}/workspaces/{run2["executionWorkspaceId"]}");
        Assert.Equal(("isolated_workspace", "directory", "local_fs"), (ws1["mode"]!.GetValue<string>(), ws1["strategyType"]!.GetValue<string>(), ws1["providerType"]!.GetValue<string>()));
        Assert.Equal(("agent_default", "adapter_managed"), (ws2["mode"]!.GetValue<string>(), ws2["strategyType"]!.GetValue<string>()));
        Assert.Equal(ws1["cwd"]!.GetValue<string>(), Cwd(run1));
        Assert.Equal(ws2["cwd"]!.GetValue<string>(), Cwd(run2));
        Assert.Contains(agent.Replace("-", string.Empty, StringComparison.Ordinal), Cwd(run2), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Child_InheritsItsParentsWorkspace_AndRunsThere()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string agent = await Scenario.AgentAsync(this.Board, company, "sh", WhereAmI);
        JsonNode parent = await this.Board.CreateAsync($"api/companies/{company}/issues", new { title = "Parent", assigneeAgentId = agent, executionWorkspaceSettings = new { mode = "isolated_workspace" } });
        JsonNode parentRun = await this.RunAsync(company, agent, parent);
        string workspaceId = parentRun["executionWorkspaceId"]!.GetValue<string>();

        JsonNode child = await this.Board.CreateAsync($"api/companies/{company}/issues", new { title = "Child", parentId = parent["id"]!.GetValue<string>(), assigneeAgentId = agent });
        Assert.Equal(workspaceId, child["executionWorkspaceId"]!.GetValue<string>());
        Assert.Equal("reuse_existing", child["executionWorkspacePreference"]!.GetValue<string>());
        Assert.Equal("isolated_workspace", child["executionWorkspaceSettings"]!["mode"]!.GetValue<string>());

        JsonNode childRun = await this.RunAsync(company, agent, child);
        Assert.Equal(workspaceId, childRun["executionWorkspaceId"]!.GetValue<string>());
        Assert.Equal(Cwd(parentRun), Cwd(childRun));

        // A child of an agent's own workspace keeps agent_default (upstream persists it as adapter_managed).
        JsonNode ownParent = await this.Board.CreateAsync($"api/companies/{company}/issues", new { title = "Mine", assigneeAgentId = agent, executionWorkspaceSettings = new { mode = "agent_default" } });
        string ownWorkspace = (await this.RunAsync(company, agent, ownParent))["executionWorkspaceId"]!.GetValue<string>();
        JsonNode ownChild = await this.Board.CreateAsync($"api/companies/{company}/issues", new { title = "Mine too", parentId = ownParent["id"]!.GetValue<string>() });
        Assert.Equal(ownWorkspace, ownChild["executionWorkspaceId"]!.GetValue<string>());
        Assert.Equal("agent_default", ownChild["executionWorkspaceSettings"]!["mode"]!.GetValue<string>());

        // A child that names its own settings does not inherit.
        JsonNode own = await this.Board.CreateAsync($"api/companies/{company}/issues", new { title = "Own", parentId = parent["id"]!.GetValue<string>(), executionWorkspaceSettings = new { mode = "agent_default" } });
        Assert.Null(own["executionWorkspacePreference"]);
        Assert.Equal(own["id"]!.GetValue<string>(), own["executionWorkspaceId"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReuseOnAnotherEnvironment_IsNeverSilent_TheRunGetsAFreshWorkspaceOnTheIntendedOne()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string local = await Scenario.AgentAsync(this.Board, company, "sh", WhereAmI);
        JsonNode parent = await this.Board.CreateAsync($"api/companies/{company}/issues", new { title = "Parent", assigneeAgentId = local, executionWorkspaceSettings = new { mode = "isolated_workspace" } });
        string parentWorkspace = (await this.RunAsync(company, local, parent))["executionWorkspaceId"]!.GetValue<string>();

        // An agent whose default environment is another one (a second local environment: it runs here, so the run
        // completes), on a child that inherited the built-in local workspace.
        string environment = (await this.Board.CreateAsync($"api/companies/{company}/environments", new { name = "build box", driver = "local" }))["id"]!.GetValue<string>();
        string other = (await this.Board.CreateAsync($"api/companies/{company}/agents", new
        {
            name = "elsewhere-" + Guid.NewGuid().ToString("N")[..6],
            adapterType = "process",
            adapterConfig = new { command = "sh", args = WhereAmI },
            defaultEnvironmentId = environment,
        }))["id"]!.GetValue<string>();
        JsonNode child = await this.Board.CreateAsync($"api/companies/{company}/issues", new { title = "Child", parentId = parent["id"]!.GetValue<string>(), assigneeAgentId = other });
        JsonNode run = await this.RunAsync(company, other, child);

        string fresh = run["executionWorkspaceId"]!.GetValue<string>();
        Assert.NotEqual(parentWorkspace, fresh);
        JsonNode workspace = await this.Board.GetAsync($"api/companies/{company}/workspaces/{fresh}");
        Assert.Equal(environment, workspace["environmentId"]!.GetValue<string>());
        Assert.Equal(parentWorkspace, workspace["derivedFromExecutionWorkspaceId"]!.GetValue<string>());
        Assert.NotEqual((await this.Board.GetAsync($"api/companies/{company}/workspaces/{parentWorkspace}"))["cwd"]!.GetValue<string>(), Cwd(run));
    }

    [Fact]
    public async Task EnvironmentSelections_AreCheckedWhenWritten_AndClearedWhenTheirEnvironmentIsDeleted()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string archived = (await this.Board.CreateAsync($"api/companies/{company}/environments", new { name = "old", driver = "ssh", status = "archived", config = new { host = "old.example", username = "ci", remoteWorkspacePath = "/w" } }))["id"]!.GetValue<string>();
        string other = await Scenario.CompanyAsync(this.Board);
        string foreign = (await this.Board.CreateAsync($"api/companies/{other}/environments", new { name = "theirs", driver = "local" }))["id"]!.GetValue<string>();
        string agent = await Scenario.AgentAsync(this.Board, company, "true", []);

        foreach ((string id, string message) in new[] { ("build-box", "Environment not found."), (foreign, "Environment not found."), (archived, "Environment is archived.") })
        {
            (HttpStatusCode status, JsonNode? problem, _) = await this.Board.SendAsync(HttpMethod.Patch, $"api/companies/{company}/agents/{agent}", new { defaultEnvironmentId = id });
            Assert.Equal((HttpStatusCode.UnprocessableEntity, "invalid_environment_selection", message), (status, problem!["code"]!.GetValue<string>(), problem["detail"]!.GetValue<string>()));
            (status, problem, _) = await this.Board.SendAsync(HttpMethod.Post, $"api/companies/{company}/issues", new { title = "x", executionWorkspaceSettings = new { environmentId = id } });
            Assert.Equal((HttpStatusCode.UnprocessableEntity, message), (status, problem!["detail"]!.GetValue<string>()));
            (status, problem, _) = await this.Board.SendAsync(HttpMethod.Post, $"api/companies/{company}/projects", new { name = "p", executionWorkspacePolicy = new { enabled = true, environmentId = id } });
            Assert.Equal((HttpStatusCode.UnprocessableEntity, message), (status, problem!["detail"]!.GetValue<string>()));
        }

        // Selected while it existed, deleted since: as upstream, the agent's, the issue's and the project's selections
        // are cleared, so the next run falls through to the default and runs.
        string doomed = (await this.Board.CreateAsync($"api/companies/{company}/environments", new { name = "doomed", driver = "local" }))["id"]!.GetValue<string>();
        await this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Patch, $"api/companies/{company}/agents/{agent}", new { defaultEnvironmentId = doomed });
        JsonNode issue = await this.Board.CreateAsync($"api/companies/{company}/issues", new { title = "Alone", assigneeAgentId = agent, executionWorkspaceSettings = new { mode = "isolated_workspace", environmentId = doomed } });
        string project = (await this.Board.CreateAsync($"api/companies/{company}/projects", new { name = "p", executionWorkspacePolicy = new { enabled = true, environmentId = doomed } }))["id"]!.GetValue<string>();
        await this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Delete, $"api/companies/{company}/environments/{doomed}");

        Assert.Null((await this.Board.GetAsync($"api/companies/{company}/agents/{agent}"))["defaultEnvironmentId"]);
        Assert.Null((await this.Board.GetAsync($"api/companies/{company}/issues/{issue["id"]}"))["executionWorkspaceSettings"]!["environmentId"]);
        Assert.Null((await this.Board.GetAsync($"api/companies/{company}/projects/{project}"))["executionWorkspacePolicy"]!["environmentId"]);
        JsonNode run = await this.RunAsync(company, agent, issue);
        Assert.Equal("local", (await this.Board.GetAsync($"api/companies/{company}/workspaces/{run["executionWorkspaceId"]}"))["environmentId"]!.GetValue<string>());
    }

    [Fact]
    public async Task BadWorkspaceFields_AreRejectedWithTheField()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        (HttpStatusCode status, JsonNode? body, _) = await this.Board.SendAsync(HttpMethod.Post, $"api/companies/{company}/issues", new { title = "x", executionWorkspaceSettings = new { mode = "sideways" } });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(body!["errors"]!["executionWorkspaceSettings.mode"]);

        (status, body, _) = await this.Board.SendAsync(HttpMethod.Post, $"api/companies/{company}/issues", new { title = "x", executionWorkspaceId = Guid.NewGuid(), executionWorkspacePreference = "sometimes" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(body!["errors"]!["executionWorkspacePreference"]);

        (status, body, _) = await this.Board.SendAsync(HttpMethod.Post, $"api/companies/{company}/issues", new { title = "x", executionWorkspaceId = Guid.NewGuid() });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(body!["errors"]!["executionWorkspaceId"]);

        (status, body, _) = await this.Board.SendAsync(HttpMethod.Post, $"api/companies/{company}/projects", new { name = "p", workspaceCwd = "relative/../dir" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(body!["errors"]!["workspaceCwd"]);
    }

    public void Dispose() => TestPaths.TryDelete(this.scratch);

    async Task<string> ProjectAsync(string company, string cwd, object policy) =>
        (await this.Board.CreateAsync($"api/companies/{company}/projects", new { name = "Web", workspaceCwd = cwd, executionWorkspacePolicy = policy }))["id"]!.GetValue<string>();

    async Task<JsonNode> RunAsync(string company, string agent, JsonNode issue, string expect = "succeeded")
    {
        string runId = await Scenario.WakeAsync(this.Board, company, agent, new { issueId = issue["id"]!.GetValue<string>() });
        JsonNode run = await Scenario.FinishedRunAsync(this.Board, company, runId);
        Assert.True(run["status"]!.GetValue<string>() == expect, run.ToJsonString());
        return run;
    }

    static string[] Output(JsonNode run) => run["stdoutExcerpt"]!.GetValue<string>().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    static string Cwd(JsonNode run) => Output(run)[0];

    string GitRepository(string name)
    {
        string repo = Directory.CreateDirectory(Path.Combine(this.scratch, name)).FullName;
        TestGit.Run(repo, "init", "-q", "-b", "main");
        File.WriteAllText(Path.Combine(repo, "README.md"), "hello\n");
        TestGit.Run(repo, "add", "README.md");
        TestGit.Commit(repo, "init");
        return repo;
    }
}
