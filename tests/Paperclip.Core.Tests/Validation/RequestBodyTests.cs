using System.Text;
using Paperclip.Core.Domain;
using Paperclip.Core.Errors;
using Paperclip.Core.Services.Agents;
using Paperclip.Core.Services.Issues;
using Paperclip.Core.Validation;

namespace Paperclip.Core.Tests.Validation;

public sealed class RequestBodyTests
{
    static RequestBody Parse(string json) => RequestBody.Parse(Encoding.UTF8.GetBytes(json));

    static IReadOnlyDictionary<string, string[]> ErrorsOf(Action action)
    {
        PaperclipException ex = Assert.Throws<PaperclipException>(action);
        Assert.Equal(400, ex.Status);
        Assert.Equal(ErrorCodes.ValidationFailed, ex.Code);
        return ex.Errors!;
    }

    [Theory]
    [InlineData("", "body")]
    [InlineData("[1,2]", "body")]
    [InlineData("{\"title\": ", "body")]
    [InlineData("\"text\"", "body")]
    public void Parse_RejectsNonObjects(string json, string field) =>
        Assert.Contains(field, ErrorsOf(() => Parse(json)).Keys);

    [Fact]
    public void Parse_RejectsOversizedBodies() =>
        Assert.Contains("body", ErrorsOf(() => RequestBody.Parse(new byte[RequestBody.MaxBodyBytes + 1])).Keys);

    [Fact]
    public void CreateIssue_NamesEveryBadField()
    {
        string json = """{"title": 5, "assigneeAgentId": "nope", "status": "open", "extra": true, "blockedByIssueIds": ["x"]}""";
        IReadOnlyDictionary<string, string[]> errors = ErrorsOf(() => CreateIssueCommand.Parse(Parse(json)));
        Assert.Equal(["assigneeAgentId", "blockedByIssueIds[0]", "extra", "status", "title"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("must be a string.", errors["title"].Single());
        Assert.Equal("is not a known field.", errors["extra"].Single());
        Assert.StartsWith("must be one of: backlog, todo, in_progress", errors["status"].Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void CreateIssue_RejectsTooLongTitleAndMissingTitle()
    {
        Assert.Equal("must be at most 500 characters.", ErrorsOf(() => CreateIssueCommand.Parse(Parse($$"""{"title": "{{new string('a', 501)}}"}""")))["title"].Single());
        Assert.Equal("is required.", ErrorsOf(() => CreateIssueCommand.Parse(Parse("{}")))["title"].Single());
        Assert.Equal("must not be empty.", ErrorsOf(() => CreateIssueCommand.Parse(Parse("""{"title": "   "}""")))["title"].Single());
    }

    [Fact]
    public void CreateIssue_ParsesAValidBody()
    {
        Guid agent = Guid.CreateVersion7();
        Guid blocker = Guid.CreateVersion7();
        CreateIssueCommand command = CreateIssueCommand.Parse(Parse($$"""{"title": " Fix it ", "assigneeAgentId": "{{agent}}", "status": "in_progress", "blockedByIssueIds": ["{{blocker}}", "{{blocker}}"]}"""));
        Assert.Equal("Fix it", command.Title);
        Assert.Equal(agent, command.AssigneeAgentId);
        Assert.Equal(IssueStatus.InProgress, command.Status);
        Assert.Equal([blocker], command.BlockedByIssueIds);
    }

    [Fact]
    public void CreateAgent_ValidatesNestedConfigWithPaths()
    {
        string json = """{"name": "a", "adapterType": "claude_local", "adapterConfig": {"command": "", "args": ["ok", 3], "timeoutSec": 0, "shell": true}}""";
        IReadOnlyDictionary<string, string[]> errors = ErrorsOf(() => CreateAgentCommand.Parse(Parse(json)));
        Assert.Equal(["adapterConfig.args[1]", "adapterConfig.command", "adapterConfig.shell", "adapterConfig.timeoutSec", "adapterType"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("must be one of: process.", errors["adapterType"].Single());
    }

    [Fact]
    public void CreateAgent_ParsesProcessConfig()
    {
        CreateAgentCommand command = CreateAgentCommand.Parse(Parse("""{"name": "echo", "adapterType": "process", "adapterConfig": {"command": "sh", "args": ["-c", "true"], "timeoutSec": 30}}"""));
        Assert.Equal(("echo", "process", "sh", 30), (command.Name, command.AdapterType, command.AdapterConfig.Command, command.AdapterConfig.TimeoutSec));
        Assert.Equal(["-c", "true"], command.AdapterConfig.Args);
    }

    [Fact]
    public void PatchIssue_DistinguishesAbsentFromNull()
    {
        PatchIssueCommand unassign = PatchIssueCommand.Parse(Parse("""{"assigneeAgentId": null}"""));
        Assert.True(unassign.SetAssignee);
        Assert.Null(unassign.AssigneeAgentId);
        PatchIssueCommand untouched = PatchIssueCommand.Parse(Parse("""{"status": "done"}"""));
        Assert.False(untouched.SetAssignee);
        Assert.Equal(IssueStatus.Done, untouched.Status);
        Assert.Null(untouched.BlockedByIssueIds);
        Assert.Equal([], PatchIssueCommand.Parse(Parse("""{"blockedByIssueIds": []}""")).BlockedByIssueIds!);
    }

    [Fact]
    public void Strings_RejectControlCharacters() =>
        Assert.Equal("must not contain control characters.", ErrorsOf(() => CreateIssueCommand.Parse(Parse("""{"title": "a\u0000b"}""")))["title"].Single());
}
