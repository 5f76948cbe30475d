using System.Globalization;
using System.Text;
using Paperclip.Workspaces.Snapshots;
using Renci.SshNet;

namespace Paperclip.Ssh.Sync;

/// <summary>
/// The manifest of a directory on the remote box, computed there (hashing on the box, never fetching bytes): one
/// command lists every entry with GNU <c>find -printf</c> (kind, mode, size, path and link target, NUL-separated so any
/// name survives) and hashes the regular files with <c>sha256sum -z</c>. Name excludes prune the walk on the box; every
/// entry is then filtered here by the same <see cref="ExcludeRules"/> a local snapshot uses, so the two can never
/// disagree about what is excluded (H-M6). Special files are skipped and reported; nothing is followed.
/// </summary>
public static class RemoteSnapshot
{
    const string Separator = "--paperclip-hashes--";

    /// <summary>Takes the manifest of <paramref name="remoteDirectory"/>; a missing directory is an error, as locally.</summary>
    public static async Task<Manifest> TakeAsync(SshClient client, string remoteDirectory, ExcludeRules excludes, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(excludes);
        ArgumentNullException.ThrowIfNull(time);
        DateTimeOffset takenAt = time.GetUtcNow();
        using SshCommand command = client.CreateCommand(Script(remoteDirectory, excludes));
        Task execution = await RemoteCommand.StartAsync(command, cancellationToken).ConfigureAwait(false);
        using MemoryStream output = new();
        await command.OutputStream.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
        await execution.ConfigureAwait(false);
        if (command.ExitStatus == 3)
        {
            throw new DirectoryNotFoundException($"The remote workspace '{remoteDirectory}' does not exist.");
        }

        if (command.ExitStatus != 0)
        {
            throw new IOException($"The remote snapshot of '{remoteDirectory}' failed ({RemoteCommand.Outcome(command)}).");
        }

        return Parse(output.ToArray(), excludes, takenAt);
    }

    /// <summary>The command (no secret in it: a path and the exclude globs).</summary>
    internal static string Script(string remoteDirectory, ExcludeRules excludes)
    {
        string prune = excludes.NamePatterns.Count == 0 ? string.Empty
            : "\\( " + string.Join(" -o ", excludes.NamePatterns.Select(p => "-name " + RemoteShell.Quote(FindGlob(p)))) + " \\) -prune -o ";
        return string.Join('\n',
            $"cd {RemoteShell.Quote(remoteDirectory)} 2>/dev/null || exit 3",
            "export LC_ALL=C",
            $"find . -mindepth 1 {prune}-printf '%y\\t%m\\t%s\\t%P\\0%l\\0' || exit 4",
            $"printf '%s\\0' '{Separator}'",
            // Hashing takes every core of the box: batches of files, each batch's list into a file of its own (parallel
            // writers to one pipe could interleave mid-record), then all of them, in any order (each record names its path).
            "n=$(nproc 2>/dev/null || echo 1)",
            "h=$(mktemp -d \"${TMPDIR:-/tmp}/paperclip-hash.XXXXXXXX\") || exit 5",
            "trap 'rm -rf \"$h\"' EXIT",
            $"find . -mindepth 1 {prune}-type f -print0 | xargs -0r -P \"$n\" -n 256 sh -c 'f=$(mktemp \"$0/b.XXXXXXXX\") && exec sha256sum -z \"$@\" > \"$f\"' \"$h\" || exit 5",
            "for f in \"$h\"/b.*; do if [ -f \"$f\" ]; then cat \"$f\" || exit 5; fi; done");
    }

    /// <summary>Our globs know <c>*</c> and <c>?</c> only; find's would also read <c>[</c> and <c>\</c>.</summary>
    static string FindGlob(string pattern) => pattern.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("[", "\\[", StringComparison.Ordinal);

    internal static Manifest Parse(byte[] output, ExcludeRules excludes, DateTimeOffset takenAt)
    {
        string[] records = Encoding.UTF8.GetString(output).Split('\0');

        // The listing is pairs (entry, link target); only an entry record can be the separator (a target could be anything).
        int separator = -1;
        for (int i = 0; i < records.Length && separator < 0; i += 2)
        {
            separator = records[i] == Separator ? i : -1;
        }

        if (separator < 0)
        {
            throw new InvalidDataException("The remote snapshot's listing is malformed.");
        }

        Dictionary<string, string> hashes = new(StringComparer.Ordinal);
        foreach (string line in records.Skip(separator + 1).Where(r => r.Length > 0))
        {
            // "<64 hex>  ./path" (sha256sum -z: no escaping).
            if (line.Length < 68 || line[64] != ' ' || !line.AsSpan(66).StartsWith("./", StringComparison.Ordinal))
            {
                throw new InvalidDataException("The remote snapshot's hash list is malformed.");
            }

            hashes[line[68..]] = line[..64];
        }

        List<ManifestEntry> entries = [];
        List<SkippedEntry> skipped = [];
        for (int i = 0; i < separator; i += 2)
        {
            string[] fields = records[i].Split('\t', 4);
            if (fields.Length != 4 || fields[3].Length == 0)
            {
                throw new InvalidDataException("The remote snapshot's listing is malformed.");
            }

            (string type, string path, string target) = (fields[0], fields[3], records[i + 1]);
            if (excludes.IsExcludedPath(path))
            {
                continue;
            }

            int mode = Convert.ToInt32(fields[1], 8);
            switch (type)
            {
                case "f":
                    if (!hashes.TryGetValue(path, out string? hash))
                    {
                        skipped.Add(new SkippedEntry(path, "unreadable"));
                        break;
                    }

                    entries.Add(new ManifestEntry(path, EntryKind.File, mode, long.Parse(fields[2], CultureInfo.InvariantCulture), Convert.FromHexString(hash), null, FileStamp.None));
                    break;
                case "d":
                    entries.Add(new ManifestEntry(path, EntryKind.Directory, mode, 0, ReadOnlyMemory<byte>.Empty, null, FileStamp.None));
                    break;
                case "l":
                    entries.Add(new ManifestEntry(path, EntryKind.Symlink, mode, 0, ReadOnlyMemory<byte>.Empty, target, FileStamp.None));
                    break;
                default:
                    skipped.Add(new SkippedEntry(path, type switch { "s" => "socket", "p" => "fifo", _ => "device" }));
                    break;
            }
        }

        return new Manifest(entries, excludes.Patterns, takenAt, [.. skipped.OrderBy(s => s.Path, StringComparer.Ordinal)]);
    }
}
