using System.Security.Cryptography;
using System.Text;
using Paperclip.Core.Domain;
using Paperclip.Core.Errors;
using Paperclip.Core.Ports;

namespace Paperclip.Core.Auth;

/// <summary>Turns a bearer key into a <see cref="Caller"/>: the board key, or an agent key of a live agent.</summary>
public sealed class Authenticator(BoardKey boardKey, IAgentKeyRepository keys, IAgentRepository agents, TimeProvider time)
{
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
            AgentApiKey? key = await keys.GetAsync(companyId, keyId, cancellationToken).ConfigureAwait(false);
            if (key is { RevokedAt: null } && (key.ExpiresAt is null || key.ExpiresAt > time.GetUtcNow())
                && ApiKeyFormat.Verify(key.Salt, key.Hash, secret)
                && await agents.GetAsync(companyId, key.AgentId, cancellationToken).ConfigureAwait(false) is not null)
            {
                return Caller.Agent(companyId, key.AgentId) with { RunId = key.RunId };
            }
        }

        throw Unauthorized("The key is not valid.");
    }

    static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));

    static PaperclipException Unauthorized(string detail) =>
        new(401, ErrorCodes.Unauthorized, "Unauthorized", detail);
}
