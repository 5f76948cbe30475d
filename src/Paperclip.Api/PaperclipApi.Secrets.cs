using Microsoft.AspNetCore.Http;
using Paperclip.Core.Secrets;

namespace Paperclip.Api;

/// <summary>The secrets API: provider vaults and company secrets (board only; values are never returned).</summary>
public sealed partial class PaperclipApi
{
    /// <summary>GET /api/companies/{companyId}/secret-providers.</summary>
    public Task<IResult> ListSecretProviders(HttpContext http, string companyId) => this.Authed(http, ApiRoutes.ListSecretProviders, async (caller, ct) =>
    {
        Guid cid = Id(companyId, nameof(companyId));
        SecretAccess.EnsureBoard(caller, cid);
        return ApiResults.Ok(vaults.ListProviders(caller, cid));
    });

    /// <summary>GET /api/companies/{companyId}/secret-providers/health.</summary>
    public Task<IResult> GetSecretProvidersHealth(HttpContext http, string companyId) => this.Authed(http, ApiRoutes.GetSecretProvidersHealth, async (caller, ct) =>
    {
        Guid cid = Id(companyId, nameof(companyId));
        SecretAccess.EnsureBoard(caller, cid);
        return ApiResults.Ok(new ProvidersHealth(await vaults.ProvidersHealthAsync(caller, cid, ct)));
    });

    /// <summary>GET /api/companies/{companyId}/secret-provider-configs.</summary>
    public Task<IResult> ListSecretVaults(HttpContext http, string companyId) => this.Authed(http, ApiRoutes.ListSecretVaults, async (caller, ct) =>
    {
        Guid cid = Id(companyId, nameof(companyId));
        SecretAccess.EnsureBoard(caller, cid);
        return ApiResults.Ok(await vaults.ListAsync(caller, cid, ct));
    });

    /// <summary>POST /api/companies/{companyId}/secret-provider-configs.</summary>
    public Task<IResult> CreateSecretVault(HttpContext http, string companyId) => this.Authed(http, ApiRoutes.CreateSecretVault, async (caller, ct) =>
    {
        Guid cid = Id(companyId, nameof(companyId));
        SecretAccess.EnsureBoard(caller, cid);
        return ApiResults.Json(await vaults.CreateAsync(caller, cid, await Read<CreateVaultCommand>(http, ApiRoutes.CreateSecretVault, ct), ct), 201);
    });

    /// <summary>GET /api/companies/{companyId}/secret-provider-configs/{configId}.</summary>
    public Task<IResult> GetSecretVault(HttpContext http, string companyId, string configId) => this.Authed(http, ApiRoutes.GetSecretVault, async (caller, ct) =>
    {
        Guid cid = Id(companyId, nameof(companyId));
        SecretAccess.EnsureBoard(caller, cid);
        return ApiResults.Ok(await vaults.GetAsync(caller, cid, Id(configId, nameof(configId)), ct));
    });

    /// <summary>PATCH /api/companies/{companyId}/secret-provider-configs/{configId}.</summary>
    public Task<IResult> UpdateSecretVault(HttpContext http, string companyId, string configId) => this.Authed(http, ApiRoutes.UpdateSecretVault, async (caller, ct) =>
    {
        Guid cid = Id(companyId, nameof(companyId));
        SecretAccess.EnsureBoard(caller, cid);
        return ApiResults.Ok(await vaults.UpdateAsync(caller, cid, Id(configId, nameof(configId)), await Read<UpdateVaultCommand>(http, ApiRoutes.UpdateSecretVault, ct), ct));
    });

    /// <summary>DELETE /api/companies/{companyId}/secret-provider-configs/{configId}.</summary>
    public Task<IResult> DisableSecretVault(HttpContext http, string companyId, string configId) => this.Authed(http, ApiRoutes.DisableSecretVault, async (caller, ct) =>
    {
        Guid cid = Id(companyId, nameof(companyId));
        SecretAccess.EnsureBoard(caller, cid);
        return ApiResults.Ok(await vaults.DisableAsync(caller, cid, Id(configId, nameof(configId)), ct));
    });

    /// <summary>POST /api/companies/{companyId}/secret-provider-configs/{configId}/default.</summary>
    public Task<IResult> SetDefaultSecretVault(HttpContext http, string companyId, string configId) => this.Authed(http, ApiRoutes.SetDefaultSecretVault, async (caller, ct) =>
    {
        Guid cid = Id(companyId, nameof(companyId));
        SecretAccess.EnsureBoard(caller, cid);
        return ApiResults.Ok(await vaults.SetDefaultAsync(caller, cid, Id(configId, nameof(configId)), ct));
    });

    /// <summary>POST /api/companies/{companyId}/secret-provider-configs/{configId}/health.</summary>
    public Task<IResult> CheckSecretVaultHealth(HttpContext http, string companyId, string configId) => this.Authed(http, ApiRoutes.CheckSecretVaultHealth, async (caller, ct) =>
    {
        Guid cid = Id(companyId, nameof(companyId));
        SecretAccess.EnsureBoard(caller, cid);
        return ApiResults.Ok(await vaults.CheckHealthAsync(caller, cid, Id(configId, nameof(configId)), ct));
    });

    /// <summary>GET /api/companies/{companyId}/secrets.</summary>
    public Task<IResult> ListSecrets(HttpContext http, string companyId) => this.Authed(http, ApiRoutes.ListSecrets, async (caller, ct) =>
    {
        Guid cid = Id(companyId, nameof(companyId));
        SecretAccess.EnsureBoard(caller, cid);
        return ApiResults.Ok(await secrets.ListAsync(caller, cid, ct));
    });

    /// <summary>POST /api/companies/{companyId}/secrets.</summary>
    public Task<IResult> CreateSecret(HttpContext http, string companyId) => this.Authed(http, ApiRoutes.CreateSecret, async (caller, ct) =>
    {
        Guid cid = Id(companyId, nameof(companyId));
        SecretAccess.EnsureBoard(caller, cid);
        return ApiResults.Json(await secrets.CreateAsync(caller, cid, await Read<CreateSecretCommand>(http, ApiRoutes.CreateSecret, ct), ct), 201);
    });

    /// <summary>GET /api/companies/{companyId}/secrets/{secretId}.</summary>
    public Task<IResult> GetSecret(HttpContext http, string companyId, string secretId) => this.Authed(http, ApiRoutes.GetSecret, async (caller, ct) =>
    {
        Guid cid = Id(companyId, nameof(companyId));
        SecretAccess.EnsureBoard(caller, cid);
        return ApiResults.Ok(await secrets.GetAsync(caller, cid, Id(secretId, nameof(secretId)), ct));
    });

    /// <summary>PATCH /api/companies/{companyId}/secrets/{secretId}.</summary>
    public Task<IResult> UpdateSecret(HttpContext http, string companyId, string secretId) => this.Authed(http, ApiRoutes.UpdateSecret, async (caller, ct) =>
    {
        Guid cid = Id(companyId, nameof(companyId));
        SecretAccess.EnsureBoard(caller, cid);
        return ApiResults.Ok(await secrets.UpdateAsync(caller, cid, Id(secretId, nameof(secretId)), await Read<UpdateSecretCommand>(http, ApiRoutes.UpdateSecret, ct), ct));
    });

    /// <summary>DELETE /api/companies/{companyId}/secrets/{secretId}.</summary>
    public Task<IResult> DeleteSecret(HttpContext http, string companyId, string secretId) => this.Authed(http, ApiRoutes.DeleteSecret, async (caller, ct) =>
    {
        Guid cid = Id(companyId, nameof(companyId));
        SecretAccess.EnsureBoard(caller, cid);
        await secrets.DeleteAsync(caller, cid, Id(secretId, nameof(secretId)), ct);
        return ApiResults.Ok(new Acknowledged(true));
    });

    /// <summary>POST /api/companies/{companyId}/secrets/{secretId}/rotate.</summary>
    public Task<IResult> RotateSecret(HttpContext http, string companyId, string secretId) => this.Authed(http, ApiRoutes.RotateSecret, async (caller, ct) =>
    {
        Guid cid = Id(companyId, nameof(companyId));
        SecretAccess.EnsureBoard(caller, cid);
        return ApiResults.Ok(await secrets.RotateAsync(caller, cid, Id(secretId, nameof(secretId)), await Read<RotateSecretCommand>(http, ApiRoutes.RotateSecret, ct), ct));
    });

    /// <summary>GET /api/companies/{companyId}/secrets/{secretId}/usage.</summary>
    public Task<IResult> GetSecretUsage(HttpContext http, string companyId, string secretId) => this.Authed(http, ApiRoutes.GetSecretUsage, async (caller, ct) =>
    {
        Guid cid = Id(companyId, nameof(companyId));
        SecretAccess.EnsureBoard(caller, cid);
        return ApiResults.Ok(await secrets.UsageAsync(caller, cid, Id(secretId, nameof(secretId)), ct));
    });

    /// <summary>GET /api/companies/{companyId}/secrets/{secretId}/access-events.</summary>
    public Task<IResult> ListSecretAccessEvents(HttpContext http, string companyId, string secretId) => this.Authed(http, ApiRoutes.ListSecretAccessEvents, async (caller, ct) =>
    {
        Guid cid = Id(companyId, nameof(companyId));
        SecretAccess.EnsureBoard(caller, cid);
        QueryReader query = Query(http);
        int limit = query.Number("limit") ?? 100;
        return ApiResults.Ok(await secrets.AccessEventsAsync(caller, cid, Id(secretId, nameof(secretId)), limit, ct));
    });

    /// <summary>POST /api/companies/{companyId}/secrets/remote-import/preview.</summary>
    public Task<IResult> PreviewSecretImport(HttpContext http, string companyId) => this.Authed(http, ApiRoutes.PreviewSecretImport, async (caller, ct) =>
    {
        Guid cid = Id(companyId, nameof(companyId));
        SecretAccess.EnsureBoard(caller, cid);
        return ApiResults.Ok(await imports.PreviewAsync(caller, cid, await Read<PreviewImportCommand>(http, ApiRoutes.PreviewSecretImport, ct), ct));
    });

    /// <summary>POST /api/companies/{companyId}/secrets/remote-import.</summary>
    public Task<IResult> ImportSecrets(HttpContext http, string companyId) => this.Authed(http, ApiRoutes.ImportSecrets, async (caller, ct) =>
    {
        Guid cid = Id(companyId, nameof(companyId));
        SecretAccess.EnsureBoard(caller, cid);
        return ApiResults.Ok(await imports.ImportAsync(caller, cid, await Read<ImportSecretsCommand>(http, ApiRoutes.ImportSecrets, ct), ct));
    });
}
