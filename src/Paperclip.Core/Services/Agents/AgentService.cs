using Paperclip.Core.Auth;
using Paperclip.Core.Domain;
using Paperclip.Core.Domain.Secrets;
using Paperclip.Core.Errors;
using Paperclip.Core.Ports;
using Paperclip.Core.Secrets;

namespace Paperclip.Core.Services.Agents;

/// <summary>Hires agents, reads them and issues their API keys.</summary>
public sealed class AgentService(ICompanyRepository companies, IAgentRepository agents, IAgentKeyRepository keys, SecretBindingService bindings, Environments.EnvironmentSelection environments, Audit audit, TimeProvider time)
{
    /// <summary>Hires an agent (board only).</summary>
    public async Task<Agent> CreateAsync(Caller caller, Guid companyId, CreateAgentCommand command, CancellationToken cancellationToken)
    {
        caller.EnsureCompany(companyId);
        caller.EnsureBoard("hire agents");
        _ = await companies.GetAsync(companyId, cancellationToken).ConfigureAwait(false) ?? throw PaperclipException.NotFound("Company");
        await environments.EnsureSelectableAsync(companyId, command.DefaultEnvironmentId, "defaultEnvironmentId", Environments.EnvironmentSelection.DriversFor(command.AdapterType), cancellationToken).ConfigureAwait(false);
        DateTimeOffset now = time.GetUtcNow();
        Agent agent = new(Guid.CreateVersion7(), companyId, command.Name, AgentStatus.Idle, command.AdapterType, command.AdapterConfig, null, now, now)
        {
            Heartbeat = command.Heartbeat,
            DefaultEnvironmentId = command.DefaultEnvironmentId,
        };
        // Secret references must name live secrets of this company, and the agent's bindings are exactly its references:
        // written before the agent, so a run can never find a reference without its binding.
        await bindings.ValidateEnvAsync(caller, companyId, agent.AdapterConfig.Env, cancellationToken).ConfigureAwait(false);
        await bindings.SyncEnvAsync(companyId, SecretBindingTargets.Agent, agent.Id.ToString("D"), agent.AdapterConfig.Env, cancellationToken).ConfigureAwait(false);
        try
        {
            await agents.CreateAsync(agent, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await bindings.SyncEnvAsync(companyId, SecretBindingTargets.Agent, agent.Id.ToString("D"), null, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await audit.RecordAsync(caller, companyId, "agent.created", "agent", agent.Id, cancellationToken).ConfigureAwait(false);
        return agent;
    }

    /// <summary>Gets an agent of the company.</summary>
    public async Task<Agent> GetAsync(Caller caller, Guid companyId, Guid agentId, CancellationToken cancellationToken)
    {
        caller.EnsureCompany(companyId);
        Versioned<Agent> agent = await agents.GetAsync(companyId, agentId, cancellationToken).ConfigureAwait(false) ?? throw PaperclipException.NotFound("Agent");
        return agent.Value;
    }

    /// <summary>Changes an agent (board only). A concurrent change is 409 concurrency_conflict.</summary>
    public async Task<Agent> PatchAsync(Caller caller, Guid companyId, Guid agentId, PatchAgentCommand command, Func<HeartbeatPolicy, HeartbeatPolicy> heartbeat, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(heartbeat);
        caller.EnsureCompany(companyId);
        caller.EnsureBoard("change agents");
        Versioned<Agent> current = await agents.GetAsync(companyId, agentId, cancellationToken).ConfigureAwait(false) ?? throw PaperclipException.NotFound("Agent");
        if (command.SetDefaultEnvironment)
        {
            await environments.EnsureSelectableAsync(companyId, command.DefaultEnvironmentId, "defaultEnvironmentId", Environments.EnvironmentSelection.DriversFor(current.Value.AdapterType), cancellationToken).ConfigureAwait(false);
        }

        Agent updated = current.Value with
        {
            Name = command.Name ?? current.Value.Name,
            Status = command.Status ?? current.Value.Status,
            Heartbeat = heartbeat(current.Value.Heartbeat),
            DefaultEnvironmentId = command.SetDefaultEnvironment ? command.DefaultEnvironmentId : current.Value.DefaultEnvironmentId,
            AdapterConfig = command.AdapterConfig ?? current.Value.AdapterConfig,
            UpdatedAt = time.GetUtcNow(),
        };
        if (command.AdapterConfig is null)
        {
            await agents.UpdateAsync(updated, current.ETag, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // The bindings follow the new config before the agent does, and go back if the agent's write fails.
            await bindings.ValidateEnvAsync(caller, companyId, command.AdapterConfig.Env, cancellationToken).ConfigureAwait(false);
            await bindings.SyncEnvAsync(companyId, SecretBindingTargets.Agent, agentId.ToString("D"), command.AdapterConfig.Env, cancellationToken).ConfigureAwait(false);
            try
            {
                await agents.UpdateAsync(updated, current.ETag, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await bindings.SyncEnvAsync(companyId, SecretBindingTargets.Agent, agentId.ToString("D"), current.Value.AdapterConfig.Env, CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }

        await audit.RecordAsync(caller, companyId, "agent.updated", "agent", agentId, cancellationToken).ConfigureAwait(false);
        return updated;
    }

    /// <summary>Lists the company's agents.</summary>
    public Task<IReadOnlyList<Agent>> ListAsync(Caller caller, Guid companyId, CancellationToken cancellationToken)
    {
        caller.EnsureCompany(companyId);
        return agents.ListAsync(companyId, cancellationToken);
    }

    /// <summary>Issues an API key for the agent (board only). The key is returned once and stored only as a hash.</summary>
    public async Task<CreatedAgentKey> CreateKeyAsync(Caller caller, Guid companyId, Guid agentId, CreateAgentKeyCommand command, CancellationToken cancellationToken)
    {
        caller.EnsureCompany(companyId);
        caller.EnsureBoard("issue agent keys");
        _ = await agents.GetAsync(companyId, agentId, cancellationToken).ConfigureAwait(false) ?? throw PaperclipException.NotFound("Agent");
        Guid keyId = Guid.CreateVersion7();
        (string key, byte[] salt, byte[] hash) = ApiKeyFormat.Create(companyId, keyId);
        DateTimeOffset now = time.GetUtcNow();
        await keys.CreateAsync(new AgentApiKey(keyId, companyId, agentId, command.Name, salt, hash, now, null), cancellationToken).ConfigureAwait(false);
        await audit.RecordAsync(caller, companyId, "agent.key_created", "agent", agentId, cancellationToken).ConfigureAwait(false);
        return new CreatedAgentKey(keyId, agentId, command.Name, key, now);
    }
}
