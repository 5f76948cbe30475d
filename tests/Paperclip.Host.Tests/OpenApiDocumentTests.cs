using System.Text.Json.Nodes;
using Paperclip.Api;
using Paperclip.Testing;

namespace Paperclip.Host.Tests;

/// <summary>
/// The OpenAPI document: the checked-in <c>docs/openapi.json</c> is the generated one (a contract change shows in
/// review), and the generated schemas say what the parsers and readers really take.
/// </summary>
public sealed class OpenApiDocumentTests
{
    static readonly string CheckedIn = Path.Combine(TestPaths.RepoRoot, "docs", "openapi.json");

    static JsonObject Document => JsonNode.Parse(OpenApiDocument.Json)!.AsObject();

    static JsonObject Operation(ApiRoute route) => Document["paths"]![route.Path]![route.Method.ToLowerInvariant()]!.AsObject();

    [Fact]
    public void TheCheckedInDocument_IsTheGeneratedOne()
    {
        // PAPERCLIP_UPDATE_OPENAPI=1 scripts/test.sh --filter OpenApiDocumentTests rewrites it after a deliberate change.
        if (Environment.GetEnvironmentVariable("PAPERCLIP_UPDATE_OPENAPI") == "1")
        {
            File.WriteAllText(CheckedIn, OpenApiDocument.Json);
        }

        Assert.True(File.Exists(CheckedIn), "docs/openapi.json is missing");
        Assert.True(
            File.ReadAllText(CheckedIn) == OpenApiDocument.Json,
            "docs/openapi.json differs from the generated document: review the contract change, then regenerate it with PAPERCLIP_UPDATE_OPENAPI=1 scripts/test.sh --filter OpenApiDocumentTests");
    }

    [Fact]
    public void EveryRoute_HasItsSuccessAndProblemResponses_AndEveryBodyRouteARequestSchema()
    {
        foreach (ApiRoute route in ApiRoutes.All)
        {
            JsonObject responses = Operation(route)["responses"]!.AsObject();
            Assert.True(responses.ContainsKey(route.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)), route.Name);
            Assert.True(responses.ContainsKey("500") && responses.ContainsKey("503"), route.Name);
            if (!route.Anonymous)
            {
                Assert.Contains("unauthorized", responses["401"]!["x-problem-codes"]!.AsArray().Select(c => c!.GetValue<string>()));
            }

            if (route.Body is not null)
            {
                JsonObject schema = Operation(route)["requestBody"]!["content"]!["application/json"]!["schema"]!.AsObject();
                Assert.True(schema["properties"]!.AsObject().Count > 0, $"{route.Name}: the request schema has no fields");
                Assert.False(schema["additionalProperties"]!.GetValue<bool>());
            }
        }
    }

    [Fact]
    public void RequestSchemas_AreWhatTheParsersRead_WithBoundsAndEveryBranch()
    {
        JsonObject issue = Operation(ApiRoutes.CreateIssue)["requestBody"]!["content"]!["application/json"]!["schema"]!.AsObject();
        Assert.Contains("title", issue["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal("uuid", issue["properties"]!["assigneeAgentId"]!["format"]!.GetValue<string>());
        Assert.Equal(["array", "null"], issue["properties"]!["blockedByIssueIds"]!["type"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(100, issue["properties"]!["blockedByIssueIds"]!["maxItems"]!.GetValue<int>());

        JsonObject comment = Operation(ApiRoutes.CreateIssueComment)["requestBody"]!["content"]!["application/json"]!["schema"]!.AsObject();
        Assert.Equal(50_000, comment["properties"]!["body"]!["maxLength"]!.GetValue<int>());
        Assert.Equal("boolean", comment["properties"]!["interrupt"]!["type"]![0]!.GetValue<string>());

        // A parser that reads other fields per kind shows all of them: the card kinds' payload fields are all there.
        JsonObject interaction = Operation(ApiRoutes.CreateInteraction)["requestBody"]!["content"]!["application/json"]!["schema"]!.AsObject();
        Assert.Equal(["ask_user_questions", "request_checkbox_confirmation", "request_confirmation", "suggest_tasks"], interaction["properties"]!["kind"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()).Order());

        JsonArray query = Operation(ApiRoutes.ListRuns)["parameters"]!.AsArray();
        Assert.Equal(["companyId", "agentId", "issueId", "status", "limit"], query.Select(p => p!["name"]!.GetValue<string>()));
        Assert.Equal(500, query.Single(p => p!["name"]!.GetValue<string>() == "limit")!["schema"]!["maximum"]!.GetValue<int>());
    }

    [Fact]
    public void TheSuitesResponseCheck_RefusesUndeclaredFields_WrongTypes_AndUnlistedProblems()
    {
        string path = $"/api/companies/{Guid.NewGuid()}/issues/{Guid.NewGuid()}/comments/{Guid.NewGuid()}";
        string comment = $$"""{"id":"{{Guid.NewGuid()}}","companyId":"{{Guid.NewGuid()}}","issueId":"{{Guid.NewGuid()}}","authorAgentId":null,"authorUserId":"local-board","authorType":"user","body":"hi","createdAt":"2026-12-01T00:00:00+00:00","updatedAt":"2026-12-01T00:00:00+00:00","createdByRunId":null}""";
        ResponseContract.Check(HttpMethod.Get, path, System.Net.HttpStatusCode.OK, "application/json", comment);

        Assert.Throws<Xunit.Sdk.FailException>(() => ResponseContract.Check(HttpMethod.Get, path, System.Net.HttpStatusCode.OK, "application/json", comment.Replace("\"body\":\"hi\"", "\"body\":\"hi\",\"secretField\":1", StringComparison.Ordinal)));
        Assert.Throws<Xunit.Sdk.FailException>(() => ResponseContract.Check(HttpMethod.Get, path, System.Net.HttpStatusCode.OK, "application/json", comment.Replace("\"body\":\"hi\"", "\"body\":12", StringComparison.Ordinal)));

        string problem = """{"type":"urn:paperclip:problem:x","title":"t","status":409,"detail":"d","code":"made_up_code","traceId":"1"}""";
        Assert.Throws<Xunit.Sdk.TrueException>(() => ResponseContract.Check(HttpMethod.Get, path, System.Net.HttpStatusCode.Conflict, "application/problem+json", problem));
    }
}
