using System.Runtime.Versioning;
using Paperclip.Workspaces.Merging;
using Paperclip.Workspaces.Snapshots;

namespace Paperclip.Workspaces.Tests.Merging;

/// <summary>The staging-directory incoming tree on a real directory: reads never leave it.</summary>
[SupportedOSPlatform("linux")]
public sealed class StagingDirectoryTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("paperclip-staging-").FullName;
    readonly string outside = Directory.CreateTempSubdirectory("paperclip-outside-").FullName;

    public void Dispose()
    {
        Directory.Delete(this.root, recursive: true);
        Directory.Delete(this.outside, recursive: true);
    }

    async Task<StagingDirectory> OpenAsync() => await StagingDirectory.OpenAsync(this.root, ExcludeRules.For(false), new SnapshotTaker(TimeProvider.System), CancellationToken.None);

    [Fact]
    public async Task OpensListedFiles_AndRefusesAnythingElse()
    {
        Directory.CreateDirectory(Path.Combine(this.root, "src"));
        await File.WriteAllTextAsync(Path.Combine(this.root, "src", "a.txt"), "incoming");
        await File.WriteAllTextAsync(Path.Combine(this.outside, "secret"), "not yours");
        File.CreateSymbolicLink(Path.Combine(this.root, "out"), this.outside);
        StagingDirectory staging = await this.OpenAsync();

        await using (Stream stream = await staging.OpenFileAsync("src/a.txt", CancellationToken.None))
        {
            Assert.Equal("incoming", await new StreamReader(stream).ReadToEndAsync());
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => staging.OpenFileAsync("out/secret", CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => staging.OpenFileAsync("src", CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => staging.OpenFileAsync("../secret", CancellationToken.None));
    }

    [Fact]
    public async Task AParentSwappedForASymlink_OrAFileSwappedAfterTheSnapshot_IsRefused()
    {
        Directory.CreateDirectory(Path.Combine(this.root, "src"));
        await File.WriteAllTextAsync(Path.Combine(this.root, "src", "a.txt"), "incoming");
        await File.WriteAllTextAsync(Path.Combine(this.root, "b.txt"), "bbbb");
        StagingDirectory staging = await this.OpenAsync();

        // The directory becomes a link to a look-alike outside; the file becomes a link to a same-sized secret.
        Directory.CreateDirectory(Path.Combine(this.outside, "src"));
        await File.WriteAllTextAsync(Path.Combine(this.outside, "src", "a.txt"), "SECRET!!");
        Directory.Delete(Path.Combine(this.root, "src"), recursive: true);
        File.CreateSymbolicLink(Path.Combine(this.root, "src"), Path.Combine(this.outside, "src"));
        await File.WriteAllTextAsync(Path.Combine(this.outside, "four"), "XXXX");
        File.Delete(Path.Combine(this.root, "b.txt"));
        File.CreateSymbolicLink(Path.Combine(this.root, "b.txt"), Path.Combine(this.outside, "four"));

        await Assert.ThrowsAsync<IOException>(() => staging.OpenFileAsync("src/a.txt", CancellationToken.None));
        await Assert.ThrowsAsync<IOException>(() => staging.OpenFileAsync("b.txt", CancellationToken.None));
    }
}
