using System.Text;
using Paperclip.Core.Domain;
using Paperclip.Core.Errors;
using Paperclip.Core.Services.Agents;
using Paperclip.Core.Validation;

namespace Paperclip.Core.Tests.Validation;

public sealed class RuntimeConfigParserTests
{
    static HeartbeatPolicy Parse(string runtimeConfig)
    {
        RequestBody body = RequestBody.Parse(Encoding.UTF8.GetBytes($$"""{"runtimeConfig": {{runtimeConfig}}}"""));
        HeartbeatPolicy policy = RuntimeConfigParser.Parse(body.Nested("runtimeConfig", required: false), HeartbeatPolicy.Default);
        body.ThrowIfInvalid();
        return policy;
    }

    [Theory]
    [InlineData("""{}""", true, 0, true, 1)]
    [InlineData("""{"heartbeat": {"enabled": false, "intervalSec": 300}}""", false, 300, true, 1)]
    [InlineData("""{"heartbeat": {"intervalSec": -5}}""", true, 0, true, 1)]
    [InlineData("""{"heartbeat": {"maxConcurrentRuns": 0}}""", true, 0, true, 1)]
    [InlineData("""{"heartbeat": {"maxConcurrentRuns": 99}}""", true, 0, true, 50)]
    [InlineData("""{"heartbeat": {"wakeOnAssignment": false}}""", true, 0, false, 1)]
    [InlineData("""{"heartbeat": {"wakeOnAutomation": true, "wakeOnDemand": false}}""", true, 0, false, 1)]
    [InlineData("""{"heartbeat": {"wakeOnOnDemand": false, "wakeOnAutomation": true}}""", true, 0, false, 1)]
    public void Parse_AppliesUpstreamsDefaultsAliasesAndBounds(string json, bool enabled, int interval, bool onDemand, int concurrent) =>
        Assert.Equal(new HeartbeatPolicy(enabled, interval, onDemand, concurrent), Parse(json));

    [Fact]
    public void Parse_NamesBadFields()
    {
        PaperclipException ex = Assert.Throws<PaperclipException>(() => Parse("""{"heartbeat": {"enabled": "yes", "intervalSec": 1.5, "cron": "* * *"}}"""));
        Assert.Equal(["runtimeConfig.heartbeat.cron", "runtimeConfig.heartbeat.enabled", "runtimeConfig.heartbeat.intervalSec"], ex.Errors!.Keys.Order(StringComparer.Ordinal));
    }
}
