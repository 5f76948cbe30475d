using Paperclip.Core.Errors;

namespace Paperclip.Core.Auth;

/// <summary>Who is calling: the board (all companies) or an agent (its own company only).</summary>
public sealed record Caller(bool IsBoard, Guid? CompanyId, Guid? AgentId, string? SystemName = null)
{
    /// <summary>The board.</summary>
    public static Caller Board { get; } = new(true, null, null);

    /// <summary>The control plane acting on its own (board powers, audited as "system").</summary>
    public static Caller System { get; } = new(true, null, null, "system");

    /// <summary>The run a run-scoped agent key belongs to (callbacks from inside a run).</summary>
    public Guid? RunId { get; init; }

    /// <summary>An agent of a company.</summary>
    public static Caller Agent(Guid companyId, Guid agentId) => new(false, companyId, agentId);

    /// <summary>The user id upstream records for the board's own actions (its local-trusted board user).</summary>
    public const string LocalBoardUserId = "local-board";

    /// <summary>The board user acting, as upstream records user actors; null for agents and the system.</summary>
    public string? BoardUserId => this.IsBoard && this.SystemName is null ? LocalBoardUserId : null;

    /// <summary>The audit name of the caller.</summary>
    public string ActorName => this.SystemName ?? (this.IsBoard ? "board" : $"agent:{this.AgentId}");

    /// <summary>
    /// Ensures the caller may see the company. Another company's data is reported as not found,
    /// never as forbidden, so ids of other companies cannot be probed.
    /// </summary>
    public void EnsureCompany(Guid companyId)
    {
        if (!this.IsBoard && this.CompanyId != companyId)
        {
            throw PaperclipException.NotFound("Company");
        }
    }

    /// <summary>Ensures the caller is the board.</summary>
    public void EnsureBoard(string action)
    {
        if (!this.IsBoard)
        {
            throw new PaperclipException(403, ErrorCodes.Forbidden, "Forbidden", $"Only the board may {action}.");
        }
    }
}
