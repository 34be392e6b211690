using System.Runtime.InteropServices;

namespace SmartGov.Crypto;

/// <summary>
/// SM3 through the system's OpenSSL 3 libcrypto (EVP), when it is there and gives the standard's digest of "abc";
/// otherwise <see cref="IsAvailable"/> is false and <see cref="Sm3"/> uses <see cref="Sm3Managed"/>.
/// </summary>
/// <remarks>
/// Each thread keeps one EVP_MD_CTX and re-initialises it per digest, so a call costs no allocation in OpenSSL; the
/// three or four native calls per digest cost less than the difference in speed, even for a 65-byte Merkle node.
/// </remarks>
internal static partial class Sm3Native
{
    private const string LibCrypto = "libcrypto.so.3";

    private static readonly nint Md = Probe();

    [ThreadStatic]
    private static CtxHolder? _ctx;

    public static bool IsAvailable => Md != 0;

    /// <summary>SM3 of <paramref name="prefix"/> ‖ <paramref name="data"/>; false if OpenSSL failed (the caller falls back).</summary>
    public static bool TryHash(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (Md == 0 || destination.Length < Sm3.HashSizeInBytes)
        {
            return false;
        }
        var holder = _ctx ??= new CtxHolder();
        var ctx = holder.Ctx;
        if (ctx == 0)
        {
            return false;
        }
        uint length = 0;
        return EVP_DigestInit_ex2(ctx, Md, 0) == 1
            && (prefix.IsEmpty || EVP_DigestUpdate(ctx, prefix, (nuint)prefix.Length) == 1)
            && EVP_DigestUpdate(ctx, data, (nuint)data.Length) == 1
            && EVP_DigestFinal_ex(ctx, destination, ref length) == 1
            && length == Sm3.HashSizeInBytes;
    }

    /// <summary>An incremental digest for streams; null if OpenSSL is not usable.</summary>
    public static Incremental? Start()
    {
        if (Md == 0)
        {
            return null;
        }
        var ctx = EVP_MD_CTX_new();
        if (ctx == 0 || EVP_DigestInit_ex2(ctx, Md, 0) != 1)
        {
            EVP_MD_CTX_free(ctx);
            return null;
        }
        return new Incremental(ctx);
    }

    internal sealed class Incremental(nint ctx) : IDisposable
    {
        private nint _ctx = ctx;

        public bool Append(ReadOnlySpan<byte> data) => EVP_DigestUpdate(_ctx, data, (nuint)data.Length) == 1;

        public bool Finish(Span<byte> destination)
        {
            uint length = 0;
            return EVP_DigestFinal_ex(_ctx, destination, ref length) == 1 && length == Sm3.HashSizeInBytes;
        }

        public void Dispose()
        {
            EVP_MD_CTX_free(_ctx);
            _ctx = 0;
        }
    }

    /// <summary>Frees the thread's context when the thread's holder is collected.</summary>
    private sealed class CtxHolder
    {
        public nint Ctx { get; } = EVP_MD_CTX_new();

        ~CtxHolder()
        {
            if (Ctx != 0)
            {
                EVP_MD_CTX_free(Ctx);
            }
        }
    }

    private static nint Probe()
    {
        if (Environment.GetEnvironmentVariable("SMARTGOV_SM3_NATIVE") is "0" or "false" || !NativeLibrary.TryLoad(LibCrypto, out _))
        {
            return 0;
        }
        try
        {
            var md = EVP_MD_fetch(0, "SM3", 0);
            if (md == 0)
            {
                return 0;
            }
            // Trust it only if it gives the standard's own example (GB/T 32905-2016 Appendix A.1, "abc").
            var ctx = EVP_MD_CTX_new();
            try
            {
                Span<byte> output = stackalloc byte[Sm3.HashSizeInBytes];
                Span<byte> expected = stackalloc byte[Sm3.HashSizeInBytes];
                Sm3Managed.Hash("abc"u8, expected);
                uint length = 0;
                var ok = ctx != 0 && EVP_DigestInit_ex2(ctx, md, 0) == 1 && EVP_DigestUpdate(ctx, "abc"u8, 3) == 1
                    && EVP_DigestFinal_ex(ctx, output, ref length) == 1 && length == Sm3.HashSizeInBytes && output.SequenceEqual(expected);
                return ok ? md : 0;
            }
            finally
            {
                EVP_MD_CTX_free(ctx);
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return 0;
        }
    }

    [LibraryImport(LibCrypto, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint EVP_MD_fetch(nint libctx, string algorithm, nint properties);

    [LibraryImport(LibCrypto)]
    private static partial nint EVP_MD_CTX_new();

    [LibraryImport(LibCrypto)]
    private static partial void EVP_MD_CTX_free(nint ctx);

    [LibraryImport(LibCrypto)]
    private static partial int EVP_DigestInit_ex2(nint ctx, nint type, nint parameters);

    [LibraryImport(LibCrypto)]
    private static partial int EVP_DigestUpdate(nint ctx, ReadOnlySpan<byte> data, nuint count);

    [LibraryImport(LibCrypto)]
    private static partial int EVP_DigestFinal_ex(nint ctx, Span<byte> md, ref uint size);
}
