using Paperclip.Core.Auth;
using Paperclip.Core.Domain;
using Paperclip.Core.Errors;
using Paperclip.Core.Policies;
using Paperclip.Core.Policies.Workspaces;
using Paperclip.Core.Ports;
using Paperclip.Core.Services.Workspaces;

namespace Paperclip.Core.Services.Issues;

/// <summary>Creates, reads and changes issues.</summary>
public sealed class IssueService(
    ICompanyRepository companies,
    IAgentRepository agents,
    IProjectRepository projects,
    IIssueRepository issues,
    IExecutionWorkspaceRepository workspaces,
    DependencyService dependencies,
    Environments.EnvironmentSelection environments,
    Audit audit,
    TimeProvider time)
{
    /// <summary>Creates an issue with the next identifier of the company. All references are checked before any write.</summary>
    public Task<Issue> CreateAsync(Caller caller, Guid companyId, CreateIssueCommand command, CancellationToken cancellationToken) =>
        this.CreateCoreAsync(caller, companyId, Guid.CreateVersion7(), null, command, cancellationToken);

    /// <summary>
    /// Creates an issue with a caller-chosen id under a parent, or returns the issue if that id already exists —
    /// for creations that must be idempotent (accepting suggested tasks).
    /// </summary>
    public async Task<Issue> CreateChildIdempotentAsync(Caller caller, Guid companyId, Guid id, Guid parentId, CreateIssueCommand command, CancellationToken cancellationToken)
    {
        if (await issues.GetAsync(companyId, id, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing.Value;
        }

        try
        {
            return await this.CreateCoreAsync(caller, companyId, id, parentId, command, cancellationToken).ConfigureAwait(false);
        }
        catch (PaperclipException ex) when (ex.Code == ErrorCodes.AlreadyExists)
        {
            return (await issues.GetAsync(companyId, id, cancellationToken).ConfigureAwait(false))!.Value;
        }
    }

    async Task<Issue> CreateCoreAsync(Caller caller, Guid companyId, Guid id, Guid? parentId, CreateIssueCommand command, CancellationToken cancellationToken)
    {
        caller.EnsureCompany(companyId);
        _ = await companies.GetAsync(companyId, cancellationToken).ConfigureAwait(false) ?? throw PaperclipException.NotFound("Company");
        parentId ??= command.ParentId;
        await this.CheckReferencesAsync(companyId, command.ProjectId, command.AssigneeAgentId, cancellationToken).ConfigureAwait(false);
        Issue? parent = null;
        if (parentId is { } p)
        {
            parent = (await issues.GetAsync(companyId, p, cancellationToken).ConfigureAwait(false))?.Value
                ?? throw PaperclipException.Validation("parentId", "does not name an issue of this company.");
        }

        await this.CheckWorkspaceAsync(companyId, command.Workspace, cancellationToken).ConfigureAwait(false);
        if (command.BlockedByIssueIds.Count > 0)
        {
            await this.CheckBlockersAsync(companyId, id, command.BlockedByIssueIds, cancellationToken).ConfigureAwait(false);
        }

        (int number, string prefix) = await companies.NextIssueNumberAsync(companyId, cancellationToken).ConfigureAwait(false);
        DateTimeOffset now = time.GetUtcNow();
        Issue issue = new(id, companyId, command.ProjectId ?? parent?.ProjectId, $"{prefix}-{number}", number, command.Title, command.Description,
            command.Status, command.AssigneeAgentId, command.BlockedByIssueIds, now, now)
        { ParentId = parentId, AssigneeUserId = command.AssigneeUserId, WorkMode = command.WorkMode, RequestDepth = parent is null ? 0 : parent.RequestDepth + 1 };
        EnsureOneAssignee(issue);
        issue = command.Workspace is { } fields
            ? Apply(issue, fields)
            : parent is not null ? await this.InheritWorkspaceAsync(issue, parent, cancellationToken).ConfigureAwait(false) : issue;
        await issues.CreateAsync(issue, cancellationToken).ConfigureAwait(false);
        await audit.RecordAsync(caller, companyId, "issue.created", "issue", id, cancellationToken).ConfigureAwait(false);
        return issue;
    }

    /// <summary>Gets an issue of the company.</summary>
    public async Task<Issue> GetAsync(Caller caller, Guid companyId, Guid issueId, CancellationToken cancellationToken) =>
        (await this.GetVersionedAsync(caller, companyId, issueId, cancellationToken).ConfigureAwait(false)).Value;

    /// <summary>Lists the company's issues, optionally by status and assignee.</summary>
    public Task<IReadOnlyList<Issue>> ListAsync(Caller caller, Guid companyId, IssueStatus? status, Guid? assigneeAgentId, CancellationToken cancellationToken)
    {
        caller.EnsureCompany(companyId);
        return issues.ListAsync(companyId, status, assigneeAgentId, cancellationToken);
    }

    /// <summary>Changes an issue. A concurrent change between read and write is a 409 concurrency_conflict.</summary>
    public async Task<Issue> PatchAsync(Caller caller, Guid companyId, Guid issueId, PatchIssueCommand command, CancellationToken cancellationToken)
    {
        Versioned<Issue> current = await this.GetVersionedAsync(caller, companyId, issueId, cancellationToken).ConfigureAwait(false);
        await this.CheckReferencesAsync(companyId, null, command.SetAssignee ? command.AssigneeAgentId : null, cancellationToken).ConfigureAwait(false);
        if (command.BlockedByIssueIds is { Count: > 0 })
        {
            await this.CheckBlockersAsync(companyId, issueId, command.BlockedByIssueIds, cancellationToken).ConfigureAwait(false);
        }

        await this.CheckWorkspaceAsync(companyId, command.Workspace, cancellationToken).ConfigureAwait(false);
        Issue issue = current.Value;
        Issue updated = (command.Workspace is { } fields ? Apply(issue, fields) : issue) with
        {
            Title = command.Title ?? issue.Title,
            Description = command.SetDescription ? command.Description : issue.Description,
            Status = command.Status ?? issue.Status,
            AssigneeAgentId = command.SetAssignee ? command.AssigneeAgentId : issue.AssigneeAgentId,
            AssigneeUserId = command.SetAssigneeUser ? command.AssigneeUserId : issue.AssigneeUserId,
            BlockedByIssueIds = command.BlockedByIssueIds ?? issue.BlockedByIssueIds,
            UpdatedAt = time.GetUtcNow(),
        };
        EnsureOneAssignee(updated);
        await issues.UpdateAsync(updated, current.ETag, cancellationToken).ConfigureAwait(false);
        await audit.RecordAsync(caller, companyId, "issue.updated", "issue", issueId, cancellationToken).ConfigureAwait(false);
        if (issue.Status != updated.Status && updated.IsTerminal)
        {
            // Dependents whose blockers are now all done and finalized wake at once, and so does the parent once every
            // child is terminal; if a workspace is still pending finalize, its finalize wakes them instead.
            await dependencies.TryWakeResolvedDependentsAsync(companyId, issueId, cancellationToken).ConfigureAwait(false);
        }

        return updated;
    }

    /// <summary>
    /// A child of an issue with a workspace inherits it, as upstream: the same workspace, preference reuse_existing,
    /// and a copy of the parent's settings (environment included) with the mode of the persisted workspace.
    /// </summary>
    async Task<Issue> InheritWorkspaceAsync(Issue child, Issue parent, CancellationToken cancellationToken)
    {
        if (await workspaces.GetAsync(parent.CompanyId, parent.ExecutionWorkspaceId, cancellationToken).ConfigureAwait(false) is not { } workspace)
        {
            return child;
        }

        // Upstream persists an agent's own workspace as "adapter_managed"; the others under their mode's name.
        string persisted = workspace.Value.StrategyType == WorkspaceStrategy.AdapterManaged ? "adapter_managed" : PaperclipJson.EnumValue(workspace.Value.Mode);
        IssueWorkspaceMode mode = ExecutionWorkspacePolicy.ModeForPersistedWorkspace(persisted);
        return child with
        {
            ExecutionWorkspaceId = workspace.Value.Id,
            ExecutionWorkspacePreference = WorkspaceSettingsParser.ReuseExisting,
            ExecutionWorkspaceSettings = (parent.ExecutionWorkspaceSettings ?? new IssueWorkspaceSettings(null, EnvironmentSetting.Absent)) with { Mode = mode },
        };
    }

    static void EnsureOneAssignee(Issue issue)
    {
        if (issue.AssigneeAgentId is not null && issue.AssigneeUserId is not null)
        {
            throw PaperclipException.Unprocessable(ErrorCodes.Unprocessable, "Issue can only have one assignee");
        }
    }

    static Issue Apply(Issue issue, IssueWorkspaceFields fields) => issue with
    {
        ExecutionWorkspaceId = fields.SetWorkspaceId ? fields.ExecutionWorkspaceId ?? issue.Id : issue.ExecutionWorkspaceId,
        ExecutionWorkspacePreference = fields.SetPreference ? fields.ExecutionWorkspacePreference : issue.ExecutionWorkspacePreference,
        ExecutionWorkspaceSettings = fields.SetSettings ? fields.ExecutionWorkspaceSettings : issue.ExecutionWorkspaceSettings,
    };

    async Task CheckWorkspaceAsync(Guid companyId, IssueWorkspaceFields? fields, CancellationToken cancellationToken)
    {
        if (fields?.ExecutionWorkspaceId is { } id && await workspaces.GetAsync(companyId, id, cancellationToken).ConfigureAwait(false) is null)
        {
            throw PaperclipException.Validation("executionWorkspaceId", "does not name an execution workspace of this company.");
        }

        if (fields?.ExecutionWorkspaceSettings?.EnvironmentId is { IsPresent: true, Value: { } environmentId })
        {
            await environments.EnsureSelectableAsync(companyId, environmentId, "executionWorkspaceSettings.environmentId", Environments.EnvironmentSelection.AnyDriver, cancellationToken).ConfigureAwait(false);
        }
    }

    async Task<Versioned<Issue>> GetVersionedAsync(Caller caller, Guid companyId, Guid issueId, CancellationToken cancellationToken)
    {
        caller.EnsureCompany(companyId);
        return await issues.GetAsync(companyId, issueId, cancellationToken).ConfigureAwait(false) ?? throw PaperclipException.NotFound("Issue");
    }

    async Task CheckReferencesAsync(Guid companyId, Guid? projectId, Guid? assigneeAgentId, CancellationToken cancellationToken)
    {
        Dictionary<string, string[]> errors = new(StringComparer.Ordinal);
        if (projectId is { } p && await projects.GetAsync(companyId, p, cancellationToken).ConfigureAwait(false) is null)
        {
            errors["projectId"] = ["does not name a project of this company."];
        }

        if (assigneeAgentId is { } a && await agents.GetAsync(companyId, a, cancellationToken).ConfigureAwait(false) is null)
        {
            errors["assigneeAgentId"] = ["does not name an agent of this company."];
        }

        if (errors.Count > 0)
        {
            throw PaperclipException.Validation(errors);
        }
    }

    async Task CheckBlockersAsync(Guid companyId, Guid issueId, IReadOnlyList<Guid> blockers, CancellationToken cancellationToken)
    {
        IReadOnlyList<Issue> all = await issues.ListAsync(companyId, null, null, cancellationToken).ConfigureAwait(false);
        Dictionary<Guid, IReadOnlyList<Guid>> graph = all.ToDictionary(i => i.Id, i => i.BlockedByIssueIds);
        string? violation = BlockerPolicy.Check(issueId, blockers, graph);
        if (violation is not null)
        {
            throw PaperclipException.Unprocessable(ErrorCodes.Unprocessable, violation);
        }
    }
}
