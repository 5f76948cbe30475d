using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Paperclip.Host.Hosting;
using Paperclip.Testing;

namespace Paperclip.Host.Tests;

/// <summary>The self-host refuses key files others can read, and a data directory another live host holds, before it starts anything.</summary>
public sealed class StartupChecksTests
{
    [Theory]
    [InlineData("board.key", "board key")]
    [InlineData("secrets/master.key", "secrets master key")]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task AKeyFileOthersCanRead_StopsTheStart_WithoutLeavingAzuriteRunning(string file, string what)
    {
        string data = TestPaths.NewTempDirectory("startup");
        try
        {
            string path = Path.Combine(data, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, file == "board.key" ? "pcbk_" + new string('a', 40) : Convert.ToBase64String(new byte[32]));
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

            // No storage configured: a self-host that got past the check would start its own Azurite in the data directory.
            InvalidOperationException refused = await Assert.ThrowsAsync<InvalidOperationException>(() => SelfHost.BuildAsync([], b => b.Configuration.AddInMemoryCollection(
                new Dictionary<string, string?> { ["Paperclip:DataDirectory"] = data, ["urls"] = "http://127.0.0.1:0" })));

            Assert.Equal($"The {what} file {path} is readable by other users; run chmod 600 on it.", refused.Message);
            Assert.False(Directory.Exists(Path.Combine(data, "azurite")), "Azurite was started before the check");
        }
        finally
        {
            TestPaths.TryDelete(data);
        }
    }

    [Fact]
    public async Task ASecondHostOnALiveHostsDataDirectory_IsRefusedInOneLine_NamingItsPidAndAddress_UntilTheFirstStops()
    {
        string data = TestPaths.NewTempDirectory("startup");
        Dictionary<string, string?> Settings(int port) => new()
        {
            ["Paperclip:DataDirectory"] = data,
            ["urls"] = $"http://127.0.0.1:{port}",

            // Storage is named, so no Azurite starts: the refusal comes before any storage is touched.
            ["Paperclip:Storage:ConnectionString"] = "UseDevelopmentStorage=true",
        };
        try
        {
            int port = SelfHostInstance.FreePort();
            WebApplication first = await SelfHost.BuildAsync([], b => b.Configuration.AddInMemoryCollection(Settings(port)));
            await using (first)
            {
                InvalidOperationException refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
                    SelfHost.BuildAsync([], b => b.Configuration.AddInMemoryCollection(Settings(SelfHostInstance.FreePort()))));
                Assert.Equal($"the data directory {data} is in use by another running self-host (pid {Environment.ProcessId}, listening on http://127.0.0.1:{port}); stop it first or use another data directory.", refused.Message);
            }

            await using WebApplication after = await SelfHost.BuildAsync([], b => b.Configuration.AddInMemoryCollection(Settings(SelfHostInstance.FreePort())));
        }
        finally
        {
            TestPaths.TryDelete(data);
        }
    }
}
