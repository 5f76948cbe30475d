using Paperclip.Api;

namespace Paperclip.Host.Tests;

[Collection(HostCollection.Name)]
public sealed class RouteParityTests(HostFixture fixture)
{
    [Fact]
    public void BothHosts_ExposeTheSameMethodAndRoutePairs()
    {
        string[] expected = ApiRoutes.All.Select(r => $"{r.Method} {r.Path}").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected.Length, expected.Distinct().Count());
        Assert.Equal(expected, RouteTable.SelfHostRoutes(fixture.Host.App).Order(StringComparer.Ordinal));
        Assert.Equal(expected, RouteTable.FunctionsRoutes().Order(StringComparer.Ordinal));
    }
}
