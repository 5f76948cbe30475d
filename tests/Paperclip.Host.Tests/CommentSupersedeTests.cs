using System.Net;
using System.Text.Json.Nodes;
using Paperclip.Testing;

namespace Paperclip.Host.Tests;

/// <summary>
/// A person's comment supersedes the cards that asked before it, as upstream: pending confirmations, checkbox
/// confirmations and questions expire with superseded_by_comment and the comment's id; an opted-out card, a
/// suggest_tasks card, a card newer than the comment, and any agent's comment leave cards pending.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class CommentSupersedeTests(HostFixture fixture)
{
    ApiClient Board => fixture.Host.Board;

    [Fact]
    public async Task ABoardComment_ExpiresTheOlderPendingCards_ButNotOptOuts_SuggestedTasks_NewerCards_OrAgentComments()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string agent = await Scenario.AgentAsync(this.Board, company, "true", []);

        // Unassigned, so the comments wake nobody.
        string issue = (await Scenario.IssueAsync(this.Board, company, null, "decide"))["id"]!.GetValue<string>();
        string cards = $"api/issues/{issue}/interactions";
        using ApiClient asAgent = new(fixture.Host.BaseAddress, (await this.Board.CreateAsync($"api/companies/{company}/agents/{agent}/keys", new { }))["key"]!.GetValue<string>());

        async Task<string> CardAsync(object body) => (await asAgent.CreateAsync(cards, body))["id"]!.GetValue<string>();
        string confirm = await CardAsync(new { kind = "request_confirmation", title = "Ship?" });
        string checkbox = await CardAsync(new { kind = "request_checkbox_confirmation", payload = new { options = new[] { new { id = "a", label = "A" } } } });
        string questions = await CardAsync(new { kind = "ask_user_questions", payload = new { questions = new[] { new { id = "q1", prompt = "Which?" } } } });
        string optedOut = await CardAsync(new { kind = "request_confirmation", payload = new { supersedeOnUserComment = false } });
        string tasks = await CardAsync(new { kind = "suggest_tasks", payload = new { tasks = new[] { new { clientKey = "t", title = "T" } } } });
        Assert.True((await this.Board.GetAsync($"{cards}/{confirm}"))["payload"]!["supersedeOnUserComment"]!.GetValue<bool>());

        async Task<string> StatusAsync(string card) => (await this.Board.GetAsync($"{cards}/{card}"))["status"]!.GetValue<string>();

        // An agent's comment supersedes nothing.
        await asAgent.CreateAsync($"api/issues/{issue}/comments", new { body = "Working on it." });
        foreach (string card in new[] { confirm, checkbox, questions, optedOut, tasks })
        {
            Assert.Equal("pending", await StatusAsync(card));
        }

        // The board's answer in the thread expires the three older cards that did not opt out.
        string comment = (await this.Board.CreateAsync($"api/issues/{issue}/comments", new { body = "Let's talk here instead." }))["id"]!.GetValue<string>();
        foreach (string card in new[] { confirm, checkbox, questions })
        {
            JsonNode expired = await this.Board.GetAsync($"{cards}/{card}");
            Assert.Equal("expired", expired["status"]!.GetValue<string>());
            Assert.Equal((1, "superseded_by_comment", comment), (expired["result"]!["version"]!.GetValue<int>(), expired["result"]!["outcome"]!.GetValue<string>(), expired["result"]!["commentId"]!.GetValue<string>()));
            Assert.Equal("local-board", expired["resolvedByUserId"]!.GetValue<string>());
            Assert.NotNull(expired["resolvedAt"]);
        }

        Assert.Equal(("pending", "pending"), (await StatusAsync(optedOut), await StatusAsync(tasks)));

        // An expired card can no longer be accepted; a card newer than the comment is untouched until the next one.
        (HttpStatusCode status, JsonNode? problem, _) = await this.Board.SendAsync(HttpMethod.Post, $"{cards}/{confirm}/accept", new { });
        Assert.Equal((HttpStatusCode.Conflict, "interaction_already_resolved"), (status, problem!["code"]!.GetValue<string>()));
        string newer = await CardAsync(new { kind = "request_confirmation", title = "Now?" });
        Assert.Equal("pending", await StatusAsync(newer));
        await this.Board.CreateAsync($"api/issues/{issue}/comments", new { body = "And no." });
        Assert.Equal(("expired", "pending"), (await StatusAsync(newer), await StatusAsync(optedOut)));
    }
}
