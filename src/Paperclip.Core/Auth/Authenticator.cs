using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Paperclip.Core.Domain;
using Paperclip.Core.Errors;
using Paperclip.Core.Ports;

namespace Paperclip.Core.Auth;

/// <summary>
/// Turns a bearer key into a <see cref="Caller"/>: the board key, or an agent key of a live agent. An agent key found
/// good is remembered for <see cref="PaperclipOptions.AgentKeyCacheTtl"/>, so an agent's calls do not each read its key
/// and its agent from storage (two of the three reads of a <c>GET /api/agents/me</c>): the secret is still checked
/// against the remembered hash, and the key's expiry against the clock, on every call. A key revoked through
/// <see cref="RevokeAsync"/> stops working here at once; another instance of the host notices within the TTL.
/// </summary>
public sealed class Authenticator(BoardKey boardKey, IAgentKeyRepository keys, IAgentRepository agents, IOptions<PaperclipOptions> options, TimeProvider time)
{
    /// <summary>The most keys remembered; beyond it, the remembered ones are dropped and read again as they are used.</summary>
    const int MaxRemembered = 10_000;

    readonly ConcurrentDictionary<(Guid CompanyId, Guid KeyId), Remembered> remembered = new();

    /// <summary>Authenticates the raw Authorization header value.</summary>
    public async Task<Caller> AuthenticateAsync(string? authorization, CancellationToken cancellationToken)
    {
        const string scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw Unauthorized("An Authorization: Bearer <key> header is required.");
        }

        string presented = authorization[scheme.Length..].Trim();
        if (FixedTimeEquals(presented, boardKey.Value))
        {
            return Caller.Board;
        }

        if (ApiKeyFormat.TryParse(presented, out Guid companyId, out Guid keyId, out string secret))
        {
            DateTimeOffset now = time.GetUtcNow();
            if (this.remembered.TryGetValue((companyId, keyId), out Remembered? known) && now < known.Until)
            {
                return Admits(known.Key, secret, now) ? CallerOf(known.Key) : throw Unauthorized("The key is not valid.");
            }

            AgentApiKey? key = await keys.GetAsync(companyId, keyId, cancellationToken).ConfigureAwait(false);
            if (key is not null && Admits(key, secret, now)
                && await agents.GetAsync(companyId, key.AgentId, cancellationToken).ConfigureAwait(false) is not null)
            {
                this.Remember(key, now);
                return CallerOf(key);
            }
        }

        throw Unauthorized("The key is not valid.");
    }

    /// <summary>Revokes an agent key: stored revoked, and no longer accepted by this instance from now on.</summary>
    public async Task RevokeAsync(AgentApiKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        this.remembered.TryRemove((key.CompanyId, key.Id), out _);
        await keys.SaveAsync(key with { RevokedAt = time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);

        // A call authenticated while the save was under way may have remembered the key again.
        this.remembered.TryRemove((key.CompanyId, key.Id), out _);
    }

    static bool Admits(AgentApiKey key, string secret, DateTimeOffset now) =>
        key.RevokedAt is null && (key.ExpiresAt is null || key.ExpiresAt > now) && ApiKeyFormat.Verify(key.Salt, key.Hash, secret);

    static Caller CallerOf(AgentApiKey key) => Caller.Agent(key.CompanyId, key.AgentId) with { RunId = key.RunId };

    void Remember(AgentApiKey key, DateTimeOffset now)
    {
        TimeSpan ttl = options.Value.AgentKeyCacheTtl;
        if (ttl <= TimeSpan.Zero)
        {
            return;
        }

        if (this.remembered.Count >= MaxRemembered)
        {
            this.remembered.Clear();
        }

        this.remembered[(key.CompanyId, key.Id)] = new Remembered(key, now + ttl);
    }

    static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));

    static PaperclipException Unauthorized(string detail) =>
        new(401, ErrorCodes.Unauthorized, "Unauthorized", detail);

    sealed record Remembered(AgentApiKey Key, DateTimeOffset Until);
}
