using Microsoft.AspNetCore.Http;
using Paperclip.Core.Domain.Environments;
using Paperclip.Core.Services.Agents;
using Paperclip.Core.Services.Environments;

namespace Paperclip.Api;

/// <summary>The environments API: where a company's agents execute (this machine, or remote boxes over SSH).</summary>
public sealed partial class PaperclipApi
{
    /// <summary>GET /api/companies/{companyId}/environments.</summary>
    public Task<IResult> ListEnvironments(HttpContext http, string companyId) => this.Authed(http, ApiRoutes.ListEnvironments, async (caller, ct) =>
    {
        Guid cid = Id(companyId, nameof(companyId));
        QueryReader query = Query(http);
        EnvironmentStatus? status = query.Enum<EnvironmentStatus>("status");
        EnvironmentDriver? driver = query.Enum<EnvironmentDriver>("driver");
        return ApiResults.Ok(await environments.ListAsync(caller, cid, status, driver, ct));
    });

    /// <summary>GET /api/companies/{companyId}/environments/capabilities.</summary>
    public Task<IResult> GetEnvironmentCapabilities(HttpContext http, string companyId) => this.Authed(http, ApiRoutes.GetEnvironmentCapabilities, async (caller, ct) =>
    {
        Guid cid = Id(companyId, nameof(companyId));
        caller.EnsureCompany(cid);
        return ApiResults.Ok(EnvironmentSelection.Capabilities(CreateAgentCommand.SupportedAdapterTypes));
    });

    /// <summary>POST /api/companies/{companyId}/environments.</summary>
    public Task<IResult> CreateEnvironment(HttpContext http, string companyId) => this.Authed(http, ApiRoutes.CreateEnvironment, async (caller, ct) =>
    {
        Guid cid = Id(companyId, nameof(companyId));
        return ApiResults.Json(await environments.CreateAsync(caller, cid, await Read<CreateEnvironmentCommand>(http, ApiRoutes.CreateEnvironment, ct), ct), 201);
    });

    /// <summary>GET /api/companies/{companyId}/environments/{environmentId}.</summary>
    public Task<IResult> GetEnvironment(HttpContext http, string companyId, string environmentId) => this.Authed(http, ApiRoutes.GetEnvironment, async (caller, ct) =>
        ApiResults.Ok(await environments.GetAsync(caller, Id(companyId, nameof(companyId)), Id(environmentId, nameof(environmentId)), ct)));

    /// <summary>PATCH /api/companies/{companyId}/environments/{environmentId}.</summary>
    public Task<IResult> PatchEnvironment(HttpContext http, string companyId, string environmentId) => this.Authed(http, ApiRoutes.PatchEnvironment, async (caller, ct) =>
    {
        (Guid cid, Guid eid) = (Id(companyId, nameof(companyId)), Id(environmentId, nameof(environmentId)));
        return ApiResults.Ok(await environments.PatchAsync(caller, cid, eid, await Read<PatchEnvironmentCommand>(http, ApiRoutes.PatchEnvironment, ct), ct));
    });

    /// <summary>DELETE /api/companies/{companyId}/environments/{environmentId}.</summary>
    public Task<IResult> DeleteEnvironment(HttpContext http, string companyId, string environmentId) => this.Authed(http, ApiRoutes.DeleteEnvironment, async (caller, ct) =>
        ApiResults.Ok(await environments.DeleteAsync(caller, Id(companyId, nameof(companyId)), Id(environmentId, nameof(environmentId)), ct)));

    /// <summary>POST /api/companies/{companyId}/environments/{environmentId}/probe.</summary>
    public Task<IResult> ProbeEnvironment(HttpContext http, string companyId, string environmentId) => this.Authed(http, ApiRoutes.ProbeEnvironment, async (caller, ct) =>
    {
        (Guid cid, Guid eid) = (Id(companyId, nameof(companyId)), Id(environmentId, nameof(environmentId)));
        return ApiResults.Ok(await environments.ProbeAsync(caller, cid, eid, await Read<bool>(http, ApiRoutes.ProbeEnvironment, ct), ct));
    });

    /// <summary>GET /api/companies/{companyId}/environments/{environmentId}/leases.</summary>
    public Task<IResult> ListEnvironmentLeases(HttpContext http, string companyId, string environmentId) => this.Authed(http, ApiRoutes.ListEnvironmentLeases, async (caller, ct) =>
    {
        (Guid cid, Guid eid) = (Id(companyId, nameof(companyId)), Id(environmentId, nameof(environmentId)));
        QueryReader query = Query(http);
        EnvironmentLeaseStatus? status = query.Enum<EnvironmentLeaseStatus>("status");
        return ApiResults.Ok(await environmentLeases.ListAsync(caller, cid, eid, status, ct));
    });

    /// <summary>GET /api/companies/{companyId}/environment-leases/{leaseId}.</summary>
    public Task<IResult> GetEnvironmentLease(HttpContext http, string companyId, string leaseId) => this.Authed(http, ApiRoutes.GetEnvironmentLease, async (caller, ct) =>
    {
        return ApiResults.Ok(await environmentLeases.GetAsync(caller, Id(companyId, nameof(companyId)), Id(leaseId, nameof(leaseId)), ct));
    });

    /// <summary>POST /api/companies/{companyId}/environments/probe-config.</summary>
    public Task<IResult> ProbeEnvironmentConfig(HttpContext http, string companyId) => this.Authed(http, ApiRoutes.ProbeEnvironmentConfig, async (caller, ct) =>
    {
        Guid cid = Id(companyId, nameof(companyId));
        return ApiResults.Ok(await environments.ProbeConfigAsync(caller, cid, await Read<CreateEnvironmentCommand>(http, ApiRoutes.ProbeEnvironmentConfig, ct), ct));
    });
}
