using ZstdSharp;

namespace Paperclip.Ssh.Sync;

/// <summary>How the sync's tar streams are compressed on the wire.</summary>
public enum TransferCodec
{
    /// <summary>Plain tar.</summary>
    None,

    /// <summary>
    /// zstd at level 1: it compresses at several hundred MB/s per core and passes incompressible data through almost
    /// for free, so even a loopback link is barely slowed, while a LAN or WAN link carries source trees at a fraction of
    /// their size. Needs <c>zstd</c> on the box.
    /// </summary>
    Zstd,
}

/// <summary>Which codec a run's connection uses (<c>Paperclip:Ssh:Compression</c>).</summary>
public enum TransferCompression
{
    /// <summary>zstd when the box has it, else none.</summary>
    Auto,

    /// <summary>Always zstd (a box without it fails the sync).</summary>
    Zstd,

    /// <summary>Never compress.</summary>
    None,
}

/// <summary>The two ends of a codec: the box's side as a shell pipeline stage, this side as a stream.</summary>
internal static class TransferCodecs
{
    const int Level = 1;

    /// <summary>The stage before the box's <c>tar -x</c>.</summary>
    public static string RemoteDecompress(TransferCodec codec) => codec == TransferCodec.Zstd ? "zstd -d -q -c | " : string.Empty;

    /// <summary>The stage after the box's <c>tar -c</c>.</summary>
    public static string RemoteCompress(TransferCodec codec) => codec == TransferCodec.Zstd ? $" | zstd -{Level} -q -c" : string.Empty;

    /// <summary>Wraps the channel's input for writing; disposing the wrapper ends the frame (the channel stays open).</summary>
    public static Stream Compressing(Stream channel, TransferCodec codec) => codec == TransferCodec.Zstd ? new CompressionStream(channel, Level, leaveOpen: true) : new NonClosing(channel);

    /// <summary>Wraps the channel's output for reading.</summary>
    public static Stream Decompressing(Stream channel, TransferCodec codec) => codec == TransferCodec.Zstd ? new DecompressionStream(channel, leaveOpen: true) : new NonClosing(channel);

    /// <summary>Picks the codec for a box: <paramref name="boxHasZstd"/> says whether <c>zstd</c> is on its PATH.</summary>
    public static TransferCodec Choose(TransferCompression setting, bool boxHasZstd) => setting switch
    {
        TransferCompression.None => TransferCodec.None,
        TransferCompression.Zstd => TransferCodec.Zstd,
        _ => boxHasZstd ? TransferCodec.Zstd : TransferCodec.None,
    };

    /// <summary>A stream whose disposal leaves the inner one open (so both wrappers dispose alike).</summary>
    sealed class NonClosing(Stream inner) : Stream
    {
        public override bool CanRead => inner.CanRead;

        public override bool CanSeek => false;

        public override bool CanWrite => inner.CanWrite;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
