using Microsoft.Extensions.Configuration;
using Paperclip.Host.Hosting;
using Paperclip.Testing;

namespace Paperclip.Host.Tests;

/// <summary>The self-host refuses key files others can read, before it starts anything.</summary>
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
}
