using Microsoft.Extensions.Options;
using Paperclip.Core.Domain;
using Paperclip.Core.Errors;
using Paperclip.Storage.Tables;
using Paperclip.Testing;

namespace Paperclip.Storage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class TableStoreTests(AzuriteFixture azurite) : IAsyncLifetime
{
    TableStore store = null!;

    public Task InitializeAsync()
    {
        this.store = this.NewStore();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => this.store.DeleteAllAsync(CancellationToken.None);

    TableStore NewStore() => new(Options.Create(new TableStoreOptions { ConnectionString = azurite.ConnectionString, TablePrefix = TestPaths.UniqueName("t") }), new StorageOutage(TimeProvider.System));

    static Company NewCompany(string prefix)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        return new Company(Guid.CreateVersion7(), "Acme " + prefix, prefix, 0, now, now);
    }

    static Issue NewIssue(Guid companyId, int number, IssueStatus status = IssueStatus.Todo, Guid? assignee = null)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        return new Issue(Guid.CreateVersion7(), companyId, null, $"T-{number}", number, "Issue " + number, null, status, assignee, [], now, now);
    }

    [Fact]
    public async Task Companies_PrefixIsUniqueAndAFailedCreateLeavesNothing()
    {
        CompanyRepository companies = new(this.store);
        Company first = NewCompany("ACME");
        Assert.True(await companies.TryCreateAsync(first, CancellationToken.None));
        Company clash = NewCompany("ACME");
        Assert.False(await companies.TryCreateAsync(clash, CancellationToken.None));
        Assert.Null(await companies.GetAsync(clash.Id, CancellationToken.None));
        Assert.Equal([first.Id], (await companies.ListAsync(CancellationToken.None)).Select(c => c.Id));
    }

    [Fact]
    public async Task NextIssueNumber_NeverHandsOutTheSameNumberUnderConcurrency()
    {
        CompanyRepository companies = new(this.store);
        Company company = NewCompany("RACE");
        await companies.TryCreateAsync(company, CancellationToken.None);

        (int Number, string Prefix)[] taken = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => companies.NextIssueNumberAsync(company.Id, CancellationToken.None)));

        Assert.Equal(Enumerable.Range(1, 20), taken.Select(t => t.Number).Order());
        Assert.All(taken, t => Assert.Equal("RACE", t.Prefix));
        Assert.Equal(20, (await companies.GetAsync(company.Id, CancellationToken.None))!.IssueCounter);
    }

    [Fact]
    public async Task Update_WithAStaleETagIsAConcurrencyConflict()
    {
        IssueRepository issues = new(this.store);
        Issue issue = NewIssue(Guid.CreateVersion7(), 1);
        await issues.CreateAsync(issue, CancellationToken.None);
        Versioned<Issue> a = (await issues.GetAsync(issue.CompanyId, issue.Id, CancellationToken.None))!;
        Versioned<Issue> b = (await issues.GetAsync(issue.CompanyId, issue.Id, CancellationToken.None))!;

        await issues.UpdateAsync(a.Value with { Title = "first writer" }, a.ETag, CancellationToken.None);
        PaperclipException lost = await Assert.ThrowsAsync<PaperclipException>(() => issues.UpdateAsync(b.Value with { Title = "second writer" }, b.ETag, CancellationToken.None));

        Assert.Equal((409, ErrorCodes.ConcurrencyConflict), (lost.Status, lost.Code));
        Assert.Equal("first writer", (await issues.GetAsync(issue.CompanyId, issue.Id, CancellationToken.None))!.Value.Title);
    }

    [Fact]
    public async Task Insert_OfAnExistingKeyIsAlreadyExists()
    {
        IssueRepository issues = new(this.store);
        Issue issue = NewIssue(Guid.CreateVersion7(), 1);
        await issues.CreateAsync(issue, CancellationToken.None);
        PaperclipException ex = await Assert.ThrowsAsync<PaperclipException>(() => issues.CreateAsync(issue with { Title = "again" }, CancellationToken.None));
        Assert.Equal(ErrorCodes.AlreadyExists, ex.Code);
    }

    [Fact]
    public async Task Issues_AreCompanyScopedAndFilterServerSide()
    {
        IssueRepository issues = new(this.store);
        Guid companyA = Guid.CreateVersion7();
        Guid companyB = Guid.CreateVersion7();
        Guid agent = Guid.CreateVersion7();
        Issue todo = NewIssue(companyA, 1, IssueStatus.Todo, agent);
        Issue done = NewIssue(companyA, 2, IssueStatus.Done, agent);
        Issue unassigned = NewIssue(companyA, 3, IssueStatus.Todo);
        Issue other = NewIssue(companyB, 1, IssueStatus.Todo, agent);
        foreach (Issue issue in new[] { todo, done, unassigned, other })
        {
            await issues.CreateAsync(issue, CancellationToken.None);
        }

        // The ids were made in one go (maybe in one millisecond, where v7 ids need not sort as made): compare sorted.
        Assert.Equal(new[] { todo.Id, unassigned.Id }.Order(), (await issues.ListAsync(companyA, IssueStatus.Todo, null, CancellationToken.None)).Select(i => i.Id).Order());
        Assert.Equal(new[] { todo.Id, done.Id }.Order(), (await issues.ListAsync(companyA, null, agent, CancellationToken.None)).Select(i => i.Id).Order());
        Assert.Equal([todo.Id], (await issues.ListAsync(companyA, IssueStatus.Todo, agent, CancellationToken.None)).Select(i => i.Id));
        Assert.Null(await issues.GetAsync(companyB, todo.Id, CancellationToken.None));
        Assert.Equal([other.Id], (await issues.ListAsync(companyB, null, null, CancellationToken.None)).Select(i => i.Id));
    }

    [Fact]
    public async Task WorkspaceOperations_ReadBackInPhaseOrderAndRewriteInPlace()
    {
        WorkspaceOperationRepository ops = new(this.store);
        Guid company = Guid.CreateVersion7();
        Guid run = Guid.CreateVersion7();
        Guid otherRun = Guid.CreateVersion7();
        DateTimeOffset t = DateTimeOffset.UtcNow;
        foreach (string phase in new[] { WorkspacePhases.WorkspaceFinalize, WorkspacePhases.WorktreePrepare, WorkspacePhases.Execute })
        {
            await ops.WriteAsync(new WorkspaceOperation(company, run, run, phase, OperationStatus.Running, null, null, t, null), CancellationToken.None);
        }

        await ops.WriteAsync(new WorkspaceOperation(company, otherRun, otherRun, WorkspacePhases.Execute, OperationStatus.Running, null, null, t, null), CancellationToken.None);
        await ops.WriteAsync(new WorkspaceOperation(company, run, run, WorkspacePhases.Execute, OperationStatus.Succeeded, 0, null, t, t), CancellationToken.None);

        IReadOnlyList<WorkspaceOperation> rows = await ops.ListForRunAsync(company, run, CancellationToken.None);
        Assert.Equal([WorkspacePhases.WorktreePrepare, WorkspacePhases.Execute, WorkspacePhases.WorkspaceFinalize], rows.Select(r => r.Phase));
        Assert.Equal(OperationStatus.Succeeded, rows[1].Status);
        Assert.Equal(0, rows[1].ExitCode);
    }

    [Fact]
    public async Task Runs_ListRunningForAgent_FiltersByCompanyAgentAndStatus()
    {
        RunRepository runs = new(this.store);
        (Guid company, Guid other, Guid agent, Guid otherAgent) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        DateTimeOffset now = DateTimeOffset.UtcNow;
        Run Make(Guid c, Guid a, RunStatus status) => new(Guid.CreateVersion7(), c, a, Guid.CreateVersion7(), Guid.CreateVersion7(), status, "test", null, null, now, null, null, now);
        Run running = Make(company, agent, RunStatus.Running);
        Run queued = Make(company, agent, RunStatus.Queued);
        foreach (Run run in new[] { running, queued, Make(company, otherAgent, RunStatus.Running), Make(other, agent, RunStatus.Running) })
        {
            await runs.CreateAsync(run, CancellationToken.None);
        }

        Assert.Equal([running.Id], (await runs.ListRunningForAgentAsync(company, agent, CancellationToken.None)).Select(r => r.Id));

        // A status change is seen by the filter (the column is rewritten with every update).
        Versioned<Run> stored = (await runs.GetAsync(company, queued.Id, CancellationToken.None))!;
        await runs.UpdateAsync(stored.Value with { Status = RunStatus.Running }, stored.ETag, CancellationToken.None);
        // Two v7 ids made in one millisecond need not sort in the order they were made: compare both sides sorted.
        Assert.Equal(new[] { running.Id, queued.Id }.Order(), (await runs.ListRunningForAgentAsync(company, agent, CancellationToken.None)).Select(r => r.Id).Order());
    }

    [Fact]
    public async Task TablePrefixes_KeepStoresApart()
    {
        TableStore other = this.NewStore();
        try
        {
            CompanyRepository mine = new(this.store);
            CompanyRepository theirs = new(other);
            Company company = NewCompany("APART");
            Assert.True(await mine.TryCreateAsync(company, CancellationToken.None));
            Assert.True(await theirs.TryCreateAsync(NewCompany("APART"), CancellationToken.None));
            Assert.Null(await theirs.GetAsync(company.Id, CancellationToken.None));
        }
        finally
        {
            await other.DeleteAllAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Health_AnswersWhenStorageIsUp() => await this.store.CheckAsync(CancellationToken.None);
}
