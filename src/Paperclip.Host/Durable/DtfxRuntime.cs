using DurableTask.AzureStorage;
using DurableTask.Core;
using DurableTask.Core.Entities;
using DurableTask.Core.Entities.OperationFormat;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Options;
using Paperclip.Runs.Activities;
using Paperclip.Runs.Entities;
using Paperclip.Runs.Orchestration;
using Paperclip.Storage;

namespace Paperclip.Host.Durable;

/// <summary>
/// Runs the shared orchestrator, activity and entity classes on the Durable Task Framework with the Azure Storage
/// backend — the backend and storage layout Durable Functions uses. This is the only file that touches
/// <see cref="DurableTaskShimFactory"/> (public, but "not for app code"), so a version change touches one place.
/// </summary>
public sealed class DtfxRuntime : IHostedService, IAsyncDisposable
{
    readonly IServiceProvider services;
    readonly DurableOptions options;
    readonly ILoggerFactory loggerFactory;
    readonly ILogger<DtfxRuntime> logger;
    readonly DurableTaskShimFactory shims;
    TaskHubWorker? worker;

    /// <summary>Creates the runtime; the backend is created here, the worker starts with the host.</summary>
    public DtfxRuntime(IServiceProvider services, IOptions<DurableOptions> options, IOptions<TableStoreOptions> storage, ILoggerFactory loggerFactory)
    {
        this.services = services;
        this.options = options.Value;
        this.loggerFactory = loggerFactory;
        this.logger = loggerFactory.CreateLogger<DtfxRuntime>();
        this.shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions { EnableEntitySupport = true }, loggerFactory);
        this.Service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(storage.Value.ConnectionString
                ?? throw new InvalidOperationException("The self-host's durable backend needs Paperclip:Storage:ConnectionString (identity-based storage is for the Functions app).")),
            TaskHubName = this.options.TaskHubName,
            PartitionCount = this.options.PartitionCount,
            UseSeparateQueueForEntityWorkItems = true,
            // A start of an existing run id is refused loudly (not ignored), so the engine learns of it without a read first.
            ThrowExceptionOnInvalidDedupeStatus = true,
            MaxQueuePollingInterval = this.options.MaxQueuePollingInterval,
            WorkItemQueueVisibilityTimeout = this.options.WorkItemQueueVisibilityTimeout,
            ControlQueueVisibilityTimeout = this.options.ControlQueueVisibilityTimeout,
            LeaseInterval = this.options.LeaseInterval,
            LoggerFactory = loggerFactory,
        });
        this.Client = new TaskHubClient(this.Service, loggerFactory: loggerFactory);
    }

    /// <summary>The backend.</summary>
    public AzureStorageOrchestrationService Service { get; }

    /// <summary>The client over the backend.</summary>
    public TaskHubClient Client { get; }

    /// <summary>True while the worker is started and not stopping.</summary>
    public bool IsRunning { get; private set; }

    /// <summary>Serializes an entity operation input the way the worker's shims read it.</summary>
    public static string? SerializeEntityInput(object? input) => input is null ? null : Microsoft.DurableTask.Converters.JsonDataConverter.Default.Serialize(input);

    /// <inheritdoc/>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await this.Service.CreateIfNotExistsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        Registry<TaskOrchestration> orchestrations = new();
        Registry<TaskActivity> activities = new();
        orchestrations.Add(new Creator<TaskOrchestration>(nameof(RunOrchestrator), () => this.shims.CreateOrchestration(nameof(RunOrchestrator), new RunOrchestrator())));
        this.AddActivity<StartRunActivity>(activities);
        this.AddActivity<StopExecuteActivity>(activities);
        this.AddActivity<FinalizeRunActivity>(activities);
        this.AddActivity<RunFollowUpsActivity>(activities);
        orchestrations.Add(new Creator<TaskOrchestration>(nameof(WorkspaceArchiveOrchestrator), () => this.shims.CreateOrchestration(nameof(WorkspaceArchiveOrchestrator), new WorkspaceArchiveOrchestrator())));
        this.AddActivity<ArchiveWorkspaceActivity>(activities);

        TaskHubWorker hubWorker = new(this.Service, orchestrations, activities, new NoEntityObjects(), this.loggerFactory)
        {
            ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
        };
        hubWorker.AddEntityDispatcherMiddleware(this.DispatchEntityAsync);
        await hubWorker.StartAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        this.worker = hubWorker;
        this.IsRunning = true;
        Log.DurableWorkerStarted(this.logger, this.options.TaskHubName);
    }

    /// <summary>Stops taking new work and waits (up to the drain timeout) for work in flight to finish.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        this.IsRunning = false;
        if (this.worker is { } w)
        {
            this.worker = null;
            Log.DurableWorkerDraining(this.logger);
            Task stop = w.StopAsync(isForced: false);
            if (await Task.WhenAny(stop, Task.Delay(this.options.DrainTimeout, CancellationToken.None)).ConfigureAwait(false) != stop)
            {
                Log.DurableWorkerDrainTimedOut(this.logger, this.options.DrainTimeout);
                await w.StopAsync(isForced: true).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await this.StopAsync(CancellationToken.None).ConfigureAwait(false);
        this.Service.Dispose();
    }

    void AddActivity<T>(Registry<TaskActivity> activities)
        where T : ITaskActivity
    {
        string name = typeof(T).Name;
        activities.Add(new Creator<TaskActivity>(name, () => this.shims.CreateActivity(name, this.services.GetRequiredService<T>())));
    }

    async Task DispatchEntityAsync(DurableTask.Core.Middleware.DispatchMiddlewareContext context, Func<Task> next)
    {
        EntityBatchRequest request = context.GetProperty<EntityBatchRequest>();
        EntityId id = EntityId.FromString(request.InstanceId!);
        ITaskEntity entity = id.Name switch
        {
            WorkspaceEntity.Name => new WorkspaceEntity(),
            AgentSlotsEntity.Name => new AgentSlotsEntity(),
            _ => throw new InvalidOperationException($"Unknown entity '{id.Name}'."),
        };
        TaskEntity shim = this.shims.CreateEntity(id.Name, entity, id);
        EntityBatchResult result = await shim.ExecuteOperationBatchAsync(request).ConfigureAwait(false);
        context.SetProperty(result);
        await next().ConfigureAwait(false);
    }

    sealed class Creator<T> : ObjectCreator<T>
    {
        readonly Func<T> create;

        public Creator(string name, Func<T> create)
        {
            this.Name = name;
            this.Version = string.Empty;
            this.create = create;
        }

        public override T Create() => this.create();
    }

    /// <summary>Orchestrations and activities by name (DTFx's own manager is internal).</summary>
    sealed class Registry<T> : INameVersionObjectManager<T>
    {
        readonly Dictionary<string, ObjectCreator<T>> creators = new(StringComparer.Ordinal);

        public void Add(ObjectCreator<T> creator) => this.creators.Add(creator.Name, creator);

        public T? GetObject(string name, string? version) => this.creators.TryGetValue(name, out ObjectCreator<T>? c) ? c.Create() : default;
    }

    /// <summary>Entities are created per batch in the dispatch middleware (they need their id), not looked up here.</summary>
    sealed class NoEntityObjects : INameVersionObjectManager<TaskEntity>
    {
        public void Add(ObjectCreator<TaskEntity> creator) => throw new NotSupportedException();

        public TaskEntity? GetObject(string name, string? version) => null;
    }
}
