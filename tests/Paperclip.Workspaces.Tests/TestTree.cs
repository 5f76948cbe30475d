namespace Paperclip.Workspaces.Tests;

/// <summary>Writes test trees: one helper for every test class that lays out files.</summary>
internal static class TestTree
{
    /// <summary>Writes <paramref name="content"/> at <paramref name="relative"/> under <paramref name="root"/>, making its directories; returns the full path.</summary>
    internal static string Put(string root, string relative, string content)
    {
        string full = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }
}
