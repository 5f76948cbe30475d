using System.Text;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Paperclip.Core.Auth;
using Paperclip.Core.Domain;
using Paperclip.Core.Services.Agents;
using Paperclip.Core.Services.Companies;
using Paperclip.Core.Services.Issues;
using Paperclip.Core.Services.Runs;
using Paperclip.Core.Validation;
using Paperclip.Host.Hosting;
using Paperclip.Storage.Azurite;

namespace Paperclip.Bench;

/// <summary>
/// The self-host and a bare DTFx worker in this process, on one Azurite of their own with the same backend settings
/// (one partition, the same queue polling), and the application services a suite drives runs through.
/// </summary>
public sealed class BenchHost : IAsyncDisposable
{
    readonly string root;
    readonly AzuriteProcess azurite;
    readonly WebApplication app;
    readonly TaskHubWorker bareWorker;

    BenchHost(string root, AzuriteProcess azurite, WebApplication app, TaskHubWorker bareWorker, AzureStorageOrchestrationService bareService, Guid companyId)
    {
        (this.root, this.azurite, this.app, this.bareWorker, this.BareService, this.CompanyId) = (root, azurite, app, bareWorker, bareService, companyId);
        this.Bare = new TaskHubClient(bareService, loggerFactory: NullLoggerFactory.Instance);
    }

    /// <summary>The bare baseline's client.</summary>
    public TaskHubClient Bare { get; }

    /// <summary>The bare baseline's backend (for instance queries).</summary>
    public AzureStorageOrchestrationService BareService { get; }

    /// <summary>The company every run of the suite belongs to.</summary>
    public Guid CompanyId { get; }

    /// <summary>A service of the self-host.</summary>
    public T Get<T>()
        where T : notnull => this.app.Services.GetRequiredService<T>();

    /// <summary>Starts Azurite, the self-host and the bare worker; creates the suite's company.</summary>
    public static async Task<BenchHost> StartAsync(string suite, TimeSpan polling)
    {
        string root = Path.Combine(Path.GetTempPath(), $"paperclip-bench-{suite}-" + Guid.NewGuid().ToString("N")[..8]);
        string executable = AzuriteProcess.FindExecutable(AppContext.BaseDirectory) ?? throw new InvalidOperationException("node_modules/.bin/azurite not found; run scripts/bench.sh.");
        AzuriteProcess azurite = await AzuriteProcess.StartAsync(executable, Path.Combine(root, "azurite"), TimeSpan.FromSeconds(60), CancellationToken.None);
        WebApplication app = await SelfHost.BuildAsync([], b =>
        {
            b.Logging.SetMinimumLevel(LogLevel.Warning);
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["urls"] = "http://127.0.0.1:0",
                ["Paperclip:Storage:ConnectionString"] = azurite.ConnectionString,
                ["Paperclip:Storage:TablePrefix"] = "bench",
                ["Paperclip:Durable:TaskHubName"] = "BenchOurs",
                ["Paperclip:Durable:PartitionCount"] = "1",
                ["Paperclip:Durable:MaxQueuePollingInterval"] = polling.ToString(),
                ["Paperclip:DataDirectory"] = Path.Combine(root, "data"),
                ["Paperclip:SelfHost:HeartbeatInterval"] = "01:00:00", // no timer ticks in the measurement
                ["PAPERCLIP_BOARD_KEY"] = "bench-board-key-not-secret-0123456789",
            });
        });
        await app.StartAsync();

        AzureStorageOrchestrationService bareService = new(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(azurite.ConnectionString),
            TaskHubName = "BenchBare",
            PartitionCount = 1,
            UseSeparateQueueForEntityWorkItems = true,
            MaxQueuePollingInterval = polling,
            LoggerFactory = NullLoggerFactory.Instance,
        });
        await bareService.CreateIfNotExistsAsync();
        TaskHubWorker bareWorker = new(bareService, NullLoggerFactory.Instance);
        bareWorker.AddTaskOrchestrations(typeof(BareOrchestration)).AddTaskActivities(typeof(NoOpActivity));
        await bareWorker.StartAsync();
        Company company = await app.Services.GetRequiredService<CompanyService>().CreateAsync(Caller.Board, new CreateCompanyCommand("Bench Co", null), CancellationToken.None);
        return new BenchHost(root, azurite, app, bareWorker, bareService, company.Id);
    }

    /// <summary>Hires a process agent that runs <c>sh -c <paramref name="script"/></c>, allowed <paramref name="maxConcurrentRuns"/> runs at once.</summary>
    public async Task<Guid> AgentAsync(string name, string script, int maxConcurrentRuns = 1)
    {
        string json = System.Text.Json.JsonSerializer.Serialize(new
        {
            name,
            adapterType = "process",
            adapterConfig = new { command = "sh", args = new[] { "-c", script } },
            runtimeConfig = new { heartbeat = new { maxConcurrentRuns } },
        });
        Agent agent = await this.Get<AgentService>().CreateAsync(Caller.Board, this.CompanyId, CreateAgentCommand.Parse(Body(json)), CancellationToken.None);
        return agent.Id;
    }

    /// <summary>Creates an issue from a JSON body (as <c>POST …/issues</c> takes it).</summary>
    public async Task<Guid> IssueAsync(string json) =>
        (await this.Get<IssueService>().CreateAsync(Caller.Board, this.CompanyId, CreateIssueCommand.Parse(Body(json)), CancellationToken.None)).Id;

    /// <summary>Wakes the agent for the issue; returns the run.</summary>
    public async Task<Guid> WakeAsync(Guid agentId, Guid issueId) =>
        (await this.Get<RunService>().WakeupAsync(Caller.Board, this.CompanyId, agentId, new WakeupCommand(issueId, "bench"), CancellationToken.None)).RunId!.Value;

    /// <summary>The run as the API shows it (with its operations).</summary>
    public Task<RunView> RunAsync(Guid runId) => this.Get<RunService>().GetAsync(Caller.Board, this.CompanyId, runId, CancellationToken.None);

    /// <summary>A request body from JSON.</summary>
    public static RequestBody Body(string json) => RequestBody.Parse(Encoding.UTF8.GetBytes(json));

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await this.bareWorker.StopAsync(isForced: true);
        await this.app.StopAsync();
        await this.app.DisposeAsync();
        await this.azurite.DisposeAsync();
        try
        {
            Directory.Delete(this.root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp directory.
        }
    }
}
