using System.Security.Cryptography;
using System.Text;

namespace SmartGov.Crypto.Tests;

public class Sm3Tests
{
    [Fact]
    public void Hash_of_abc_matches_GBT_32905_example_1()
    {
        var digest = Sm3.Hash("abc"u8.ToArray());

        Assert.Equal(
            Hex.Decode("66c7f0f4 62eeedd9 d1f2d46b dc10e4e2 4167c487 5cf2f7a2 297da02b 8f4ba8e0"),
            digest);
    }

    [Fact]
    public void Hash_of_abcd_times_16_matches_GBT_32905_example_2()
    {
        var message = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("abcd", 16)));

        Assert.Equal(
            Hex.Decode("debe9ff9 2275b8a1 38604889 c18e5a4d 6fdb70e5 387e5765 293dcba3 9c0c5732"),
            Sm3.Hash(message));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(81920)]
    [InlineData(300_001)]
    public void Hash_of_a_stream_equals_hash_of_its_bytes(int length)
    {
        var data = RandomNumberGenerator.GetBytes(length);
        using var stream = new MemoryStream(data);

        Assert.Equal(Sm3.Hash(data), Sm3.Hash(stream));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(16, 1)]
    [InlineData(32, 1000)]
    [InlineData(64, 64)]
    [InlineData(100, 5000)] // longer than the 64-byte block: hashed first (RFC 2104 §2)
    public async Task Hmac_agrees_with_openssl(int keyLength, int dataLength)
    {
        using var openssl = new OpenSsl();
        var key = RandomNumberGenerator.GetBytes(keyLength);
        var data = RandomNumberGenerator.GetBytes(dataLength);
        var file = openssl.Write("data.bin", data);

        var output = await openssl.RunAsync("mac", "-digest", "SM3", "-macopt", "hexkey:" + Hex.Encode(key), "-in", file, "HMAC");

        Assert.Equal(output.Trim().ToLowerInvariant(), Hex.Encode(Sm3.Hmac(key, data)));
    }

    [Fact]
    public async Task Hmac_with_a_text_key_agrees_with_openssl_dgst_hmac()
    {
        using var openssl = new OpenSsl();
        var file = openssl.Write("m.txt", "encryption standard");

        var output = await openssl.RunAsync("dgst", "-sm3", "-hmac", "blind-index-key", "-r", file);

        var expected = Sm3.Hmac("blind-index-key"u8.ToArray(), "encryption standard"u8.ToArray());
        Assert.StartsWith(Hex.Encode(expected), output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(55)] // the largest message that pads into a single block
    [InlineData(56)]
    [InlineData(64)]
    [InlineData(1_000_003)]
    public async Task Hash_agrees_with_openssl_dgst_sm3_on_random_files(int length)
    {
        using var openssl = new OpenSsl();
        var data = RandomNumberGenerator.GetBytes(length);
        var file = openssl.Write("upload.bin", data);

        var output = await openssl.RunAsync("dgst", "-sm3", "-r", file);

        await using var stream = File.OpenRead(file);
        Assert.StartsWith(Hex.Encode(Sm3.Hash(stream)) + " ", output, StringComparison.Ordinal);
    }

    public static TheoryData<int> Lengths => new() { 0, 1, 3, 55, 56, 63, 64, 65, 119, 120, 128, 400, 4095, 4096, 100_003 };

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Managed_sm3_agrees_with_bouncycastle_and_with_the_native_path(int length)
    {
        var data = RandomNumberGenerator.GetBytes(length);
        var reference = new Org.BouncyCastle.Crypto.Digests.SM3Digest();
        reference.BlockUpdate(data, 0, data.Length);
        var expected = new byte[32];
        reference.DoFinal(expected, 0);

        var managed = new byte[32];
        Sm3Managed.Hash(data, managed);
        Assert.Equal(expected, managed);

        // Fed in odd-sized pieces, the incremental state must give the same digest.
        var pieces = Sm3Managed.Create();
        for (var offset = 0; offset < length; offset += 37)
        {
            pieces.Append(data.AsSpan(offset, Math.Min(37, length - offset)));
        }
        var incremental = new byte[32];
        pieces.Finish(incremental);
        Assert.Equal(expected, incremental);

        Assert.Equal(expected, Sm3.Hash(data));
        if (Sm3Native.IsAvailable)
        {
            var native = new byte[32];
            Assert.True(Sm3Native.TryHash([], data, native));
            Assert.Equal(expected, native);
        }
    }

    [Fact]
    public async Task Forced_managed_fallback_gives_the_standard_examples_and_agrees_with_openssl()
    {
        using var openssl = new OpenSsl();
        var data = RandomNumberGenerator.GetBytes(70_001);
        var file = openssl.Write("fallback.bin", data);
        var key = RandomNumberGenerator.GetBytes(20);
        var output = await openssl.RunAsync("dgst", "-sm3", "-r", file);
        var mac = await openssl.RunAsync("mac", "-digest", "SM3", "-macopt", "hexkey:" + Hex.Encode(key), "-in", file, "HMAC");

        Sm3.ForceManaged = true;
        try
        {
            Assert.Equal("managed", Sm3.Implementation);
            Assert.Equal(Hex.Decode("66c7f0f4 62eeedd9 d1f2d46b dc10e4e2 4167c487 5cf2f7a2 297da02b 8f4ba8e0"), Sm3.Hash("abc"u8.ToArray()));
            Assert.Equal(
                Hex.Decode("debe9ff9 2275b8a1 38604889 c18e5a4d 6fdb70e5 387e5765 293dcba3 9c0c5732"),
                Sm3.Hash(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("abcd", 16)))));
            Assert.StartsWith(Hex.Encode(Sm3.Hash(data)) + " ", output, StringComparison.Ordinal);
            using var stream = new MemoryStream(data);
            Assert.StartsWith(Hex.Encode(Sm3.Hash(stream)) + " ", output, StringComparison.Ordinal);
            Assert.Equal(mac.Trim().ToLowerInvariant(), Hex.Encode(Sm3.Hmac(key, data)));
        }
        finally
        {
            Sm3.ForceManaged = false;
        }
    }

    [Fact]
    public void Span_overloads_give_the_same_digest_and_refuse_a_short_destination()
    {
        var data = RandomNumberGenerator.GetBytes(1000);
        var into = new byte[40];
        Sm3.Hash(data.AsSpan(), into);

        Assert.Equal(Sm3.Hash(data), into[..32]);
        Assert.Equal(Sm3.Hash(data), Sm3.Hash((ReadOnlySpan<byte>)data));
        Assert.Throws<ArgumentException>(() => Sm3.Hash(data.AsSpan(), new byte[31]));
    }
}
