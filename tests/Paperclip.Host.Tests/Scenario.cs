using System.Text.Json.Nodes;
using Paperclip.Testing;

namespace Paperclip.Host.Tests;

/// <summary>Builds the quickstart's objects through the API.</summary>
public static class Scenario
{
    /// <summary>
    /// Creates a company; returns its id. Without a name it is "Acme &lt;random word&gt;": the tests sharing one host
    /// create hundreds of companies, and one fixed name would use up the issue prefixes derivable from it.
    /// </summary>
    public static async Task<string> CompanyAsync(ApiClient board, string? name = null) =>
        (await board.CreateAsync("api/companies", new { name = name ?? "Acme " + RandomWord() }))["id"]!.GetValue<string>();

    static string RandomWord() => string.Concat(System.Security.Cryptography.RandomNumberGenerator.GetItems<char>("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 2)) + "obotics";

    /// <summary>Creates a process agent; returns its id.</summary>
    public static async Task<string> AgentAsync(ApiClient board, string companyId, string command, string[] args, int? timeoutSec = null) =>
        (await board.CreateAsync($"api/companies/{companyId}/agents", new
        {
            name = "agent-" + Guid.NewGuid().ToString("N")[..6],
            adapterType = "process",
            adapterConfig = timeoutSec is null ? (object)new { command, args } : new { command, args, timeoutSec },
        }))["id"]!.GetValue<string>();

    /// <summary>Creates an issue assigned to the agent; returns the issue.</summary>
    public static Task<JsonNode> IssueAsync(ApiClient board, string companyId, string? agentId, string title = "Do the thing") =>
        board.CreateAsync($"api/companies/{companyId}/issues", agentId is null ? new { title } : new { title, assigneeAgentId = agentId });

    /// <summary>Wakes the agent; returns the run id.</summary>
    public static async Task<string> WakeAsync(ApiClient client, string companyId, string agentId, object? body = null) =>
        (await client.ExpectAsync(System.Net.HttpStatusCode.Accepted, HttpMethod.Post, $"api/companies/{companyId}/agents/{agentId}/wakeup", body ?? new { }))["runId"]!.GetValue<string>();

    /// <summary>Polls the run until it is terminal.</summary>
    public static Task<JsonNode> FinishedRunAsync(ApiClient client, string companyId, string runId, TimeSpan? timeout = null) =>
        client.PollAsync($"api/companies/{companyId}/runs/{runId}", r => r["status"]!.GetValue<string>() is "succeeded" or "failed" or "cancelled" or "timed_out", timeout ?? TimeSpan.FromMinutes(2));

    /// <summary>The working directory of an execution workspace, as the API reports it.</summary>
    public static async Task<string> WorkspaceDirAsync(ApiClient client, string companyId, string workspaceId) =>
        (await client.GetAsync($"api/companies/{companyId}/workspaces/{workspaceId}"))["cwd"]!.GetValue<string>();

    /// <summary>The phases of a run's operations, in order.</summary>
    public static string[] Phases(JsonNode run) => run["operations"]!.AsArray().Select(o => o!["phase"]!.GetValue<string>()).ToArray();
}
