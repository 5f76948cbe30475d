using System.Security.Cryptography;
using System.Text;

namespace Paperclip.Workspaces.Snapshots;

/// <summary>
/// The on-disk manifest: compact, versioned and checked, so a workspace's baseline survives a host restart between
/// prepare and finalize and a torn or corrupted file is refused rather than read as a smaller tree.
/// Layout (version 1, little-endian): magic <c>PCWM</c>, version byte, taken-at (UTC ticks), the exclude patterns,
/// the skipped entries, then the entries in path order — each path as the length of the prefix it shares with the
/// previous path plus the rest, kind, mode, size, the stamp (mtime ns, ctime ns, inode, device), then the 32-byte
/// SHA-256 (files) or the target (symlinks) — and last a SHA-256 of everything before it.
/// </summary>
public static class ManifestFormat
{
    /// <summary>The version this code writes (and the only one it reads).</summary>
    public const byte Version = 1;

    static readonly byte[] Magic = "PCWM"u8.ToArray();

    /// <summary>Writes the manifest to <paramref name="path"/> atomically: a temp file beside it, flushed to disk, renamed over.</summary>
    public static async Task WriteAsync(Manifest manifest, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        byte[] bytes = Serialize(manifest);
        string temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            FileStream file = new(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.None);
            await using (file.ConfigureAwait(false))
            {
                await file.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Reads a manifest; throws <see cref="InvalidDataException"/> when the file is not a whole, intact version-1 manifest.</summary>
    public static async Task<Manifest> ReadAsync(string path, CancellationToken cancellationToken) =>
        Deserialize(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false));

    /// <summary>The manifest's bytes.</summary>
    public static byte[] Serialize(Manifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        using MemoryStream buffer = new();
        using (BinaryWriter writer = new(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write(manifest.TakenAt.UtcTicks);
            writer.Write7BitEncodedInt(manifest.Excludes.Count);
            foreach (string exclude in manifest.Excludes)
            {
                writer.Write(exclude);
            }

            writer.Write7BitEncodedInt(manifest.Skipped.Count);
            foreach (SkippedEntry skipped in manifest.Skipped)
            {
                writer.Write(skipped.Path);
                writer.Write(skipped.Reason);
            }

            writer.Write7BitEncodedInt(manifest.Entries.Count);
            string previous = string.Empty;
            foreach (ManifestEntry entry in manifest.Entries)
            {
                int shared = SharedPrefix(previous, entry.Path);
                writer.Write7BitEncodedInt(shared);
                writer.Write(entry.Path[shared..]);
                writer.Write((byte)entry.Kind);
                writer.Write7BitEncodedInt(entry.Mode);
                writer.Write7BitEncodedInt64(entry.Size);
                writer.Write(entry.Stamp.MtimeNs);
                writer.Write(entry.Stamp.CtimeNs);
                writer.Write(entry.Stamp.Inode);
                writer.Write(entry.Stamp.Device);
                if (entry.Kind == EntryKind.File)
                {
                    writer.Write(entry.Sha256.Span);
                }
                else if (entry.Kind == EntryKind.Symlink)
                {
                    writer.Write(entry.SymlinkTarget!);
                }

                previous = entry.Path;
            }
        }

        byte[] body = buffer.ToArray();
        byte[] result = new byte[body.Length + SHA256.HashSizeInBytes];
        body.CopyTo(result, 0);
        SHA256.HashData(body, result.AsSpan(body.Length));
        return result;
    }

    /// <summary>A manifest from its bytes; see <see cref="ReadAsync"/>.</summary>
    public static Manifest Deserialize(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length < Magic.Length + 1 + SHA256.HashSizeInBytes || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new InvalidDataException("Not a workspace manifest.");
        }

        if (bytes[Magic.Length] != Version)
        {
            throw new InvalidDataException($"Workspace manifest version {bytes[Magic.Length]} is not supported (this build reads version {Version}).");
        }

        int bodyLength = bytes.Length - SHA256.HashSizeInBytes;
        if (!SHA256.HashData(bytes.AsSpan(0, bodyLength)).AsSpan().SequenceEqual(bytes.AsSpan(bodyLength)))
        {
            throw new InvalidDataException("The workspace manifest is damaged (its checksum does not match).");
        }

        try
        {
            using BinaryReader reader = new(new MemoryStream(bytes, Magic.Length + 1, bodyLength - Magic.Length - 1), Encoding.UTF8);
            DateTimeOffset takenAt = new(reader.ReadInt64(), TimeSpan.Zero);
            string[] excludes = new string[Count(reader)];
            for (int i = 0; i < excludes.Length; i++)
            {
                excludes[i] = reader.ReadString();
            }

            SkippedEntry[] skipped = new SkippedEntry[Count(reader)];
            for (int i = 0; i < skipped.Length; i++)
            {
                skipped[i] = new SkippedEntry(reader.ReadString(), reader.ReadString());
            }

            ManifestEntry[] entries = new ManifestEntry[Count(reader)];
            string previous = string.Empty;
            for (int i = 0; i < entries.Length; i++)
            {
                int shared = reader.Read7BitEncodedInt();
                if (shared < 0 || shared > previous.Length)
                {
                    throw new InvalidDataException("The workspace manifest is damaged (a path prefix is out of range).");
                }

                string entryPath = string.Concat(previous.AsSpan(0, shared), reader.ReadString());
                EntryKind kind = (EntryKind)reader.ReadByte();
                int mode = reader.Read7BitEncodedInt();
                long size = reader.Read7BitEncodedInt64();
                FileStamp stamp = new(size, reader.ReadInt64(), reader.ReadInt64(), reader.ReadUInt64(), reader.ReadUInt64());
                (ReadOnlyMemory<byte> hash, string? target) = kind switch
                {
                    EntryKind.File => (reader.ReadBytes(SHA256.HashSizeInBytes), (string?)null),
                    EntryKind.Symlink => (ReadOnlyMemory<byte>.Empty, reader.ReadString()),
                    EntryKind.Directory => (ReadOnlyMemory<byte>.Empty, null),
                    _ => throw new InvalidDataException($"The workspace manifest is damaged (unknown entry kind {(byte)kind})."),
                };
                entries[i] = new ManifestEntry(entryPath, kind, mode, size, hash, target, stamp);
                previous = entryPath;
            }

            if (reader.BaseStream.Position != reader.BaseStream.Length)
            {
                throw new InvalidDataException("The workspace manifest is damaged (trailing bytes).");
            }

            return new Manifest(entries, excludes, takenAt, skipped);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("The workspace manifest is damaged (it ends early).", ex);
        }
        catch (ArgumentException ex)
        {
            // Written in path order, each path once: anything else did not come from WriteAsync.
            throw new InvalidDataException("The workspace manifest is damaged (its entries are out of order).", ex);
        }
    }

    static int Count(BinaryReader reader)
    {
        int count = reader.Read7BitEncodedInt();
        return count is >= 0 and <= 10_000_000 ? count : throw new InvalidDataException("The workspace manifest is damaged (a count is out of range).");
    }

    static int SharedPrefix(string a, string b)
    {
        int max = Math.Min(a.Length, b.Length);
        int i = 0;
        while (i < max && a[i] == b[i])
        {
            i++;
        }

        // Never split a surrogate pair across the prefix and the rest.
        return i > 0 && char.IsHighSurrogate(b[i - 1]) ? i - 1 : i;
    }
}
