namespace Paperclip.Testing;

/// <summary>Paths and unique names for tests.</summary>
public static class TestPaths
{
    /// <summary>The repository root (where Paperclip.Functions.sln is).</summary>
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>Debug or Release, as this test assembly was built.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    /// <summary>A unique letters-and-digits name (table prefixes, task hubs) for this test run.</summary>
    public static string UniqueName(string stem) => stem + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A fresh temporary directory.</summary>
    public static string NewTempDirectory(string stem)
    {
        string path = Path.Combine(Path.GetTempPath(), $"paperclip-{stem}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Deletes a directory tree, ignoring what is already gone.</summary>
    public static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing to clean.
        }
        catch (IOException)
        {
            // A process may still hold a file for a moment; the temp directory is cleaned by the OS.
        }
    }

    static string FindRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Paperclip.Functions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Repository root not found above " + AppContext.BaseDirectory);
    }
}
