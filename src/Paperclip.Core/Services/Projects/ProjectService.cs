using Paperclip.Core.Auth;
using Paperclip.Core.Domain;
using Paperclip.Core.Errors;
using Paperclip.Core.Ports;

namespace Paperclip.Core.Services.Projects;

/// <summary>Creates and reads projects.</summary>
public sealed class ProjectService(ICompanyRepository companies, IProjectRepository projects, Environments.EnvironmentSelection environments, Audit audit, TimeProvider time)
{
    /// <summary>Creates a project.</summary>
    public async Task<Project> CreateAsync(Caller caller, Guid companyId, CreateProjectCommand command, CancellationToken cancellationToken)
    {
        caller.EnsureCompany(companyId);
        if (command.ExecutionWorkspacePolicy?.WorkspaceStrategy is { ProvisionCommand: not null } or { TeardownCommand: not null })
        {
            // They run on the control plane's own machine, wherever the project's agents execute.
            caller.EnsureBoard("set a project's provision or teardown command");
        }

        _ = await companies.GetAsync(companyId, cancellationToken).ConfigureAwait(false) ?? throw PaperclipException.NotFound("Company");
        if (command.ExecutionWorkspacePolicy?.EnvironmentId is { IsPresent: true, Value: { } environmentId })
        {
            await environments.EnsureSelectableAsync(companyId, environmentId, "executionWorkspacePolicy.environmentId", Environments.EnvironmentSelection.AnyDriver, cancellationToken).ConfigureAwait(false);
        }

        DateTimeOffset now = time.GetUtcNow();
        Project project = new(Guid.CreateVersion7(), companyId, command.Name, command.Description, now, now)
        {
            WorkspaceCwd = command.WorkspaceCwd,
            ExecutionWorkspacePolicy = command.ExecutionWorkspacePolicy,
        };
        await projects.CreateAsync(project, cancellationToken).ConfigureAwait(false);
        await audit.RecordAsync(caller, companyId, "project.created", "project", project.Id, cancellationToken).ConfigureAwait(false);
        return project;
    }

    /// <summary>Gets a project of the company.</summary>
    public async Task<Project> GetAsync(Caller caller, Guid companyId, Guid projectId, CancellationToken cancellationToken)
    {
        caller.EnsureCompany(companyId);
        return await projects.GetAsync(companyId, projectId, cancellationToken).ConfigureAwait(false) ?? throw PaperclipException.NotFound("Project");
    }

    /// <summary>Lists the company's projects.</summary>
    public Task<IReadOnlyList<Project>> ListAsync(Caller caller, Guid companyId, CancellationToken cancellationToken)
    {
        caller.EnsureCompany(companyId);
        return projects.ListAsync(companyId, cancellationToken);
    }
}
