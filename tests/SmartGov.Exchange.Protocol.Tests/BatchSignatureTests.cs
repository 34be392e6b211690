using SmartGov.Crypto;
using SmartGov.Exchange.Protocol;

namespace SmartGov.Exchange.Protocol.Tests;

public sealed class BatchSignatureTests
{
    private static byte[] H(int i) => Sm3.Hash([(byte)i, 1, 2, 3]);

    [Fact]
    public void Every_message_of_a_batch_verifies_on_its_own_and_not_for_another_message()
    {
        var key = Sm2KeyPair.Generate();
        var hashes = Enumerable.Range(0, 5).Select(H).ToList();
        var signatures = BatchSignature.Sign(key, hashes);
        Assert.Equal(5, signatures.Length);
        var cache = new VerifiedSignatureCache();
        for (var i = 0; i < 5; i++)
        {
            Assert.StartsWith(BatchSignature.Prefix, signatures[i], StringComparison.Ordinal);
            Assert.True(BatchSignature.Verify(key.PublicKey, hashes[i], signatures[i]));
            Assert.True(BatchSignature.Verify(key.PublicKey, hashes[i], signatures[i], cache));
            // Another message cannot borrow a batch member's signature, not even one from the same batch.
            Assert.False(BatchSignature.Verify(key.PublicKey, hashes[(i + 1) % 5], signatures[i], cache));
        }

        Assert.False(BatchSignature.Verify(Sm2KeyPair.Generate().PublicKey, hashes[0], signatures[0], cache));
    }

    [Fact]
    public void A_tampered_batch_header_is_refused()
    {
        var key = Sm2KeyPair.Generate();
        var hashes = Enumerable.Range(0, 3).Select(H).ToList();
        var sig = BatchSignature.Sign(key, hashes)[1];
        var parts = sig.Split(';');
        string With(int i, string v)
        {
            var copy = (string[])parts.Clone();
            copy[i] = v;
            return string.Join(';', copy);
        }

        Assert.False(BatchSignature.Verify(key.PublicKey, hashes[1], With(1, "4")));
        Assert.False(BatchSignature.Verify(key.PublicKey, hashes[1], With(2, "0")));
        Assert.False(BatchSignature.Verify(key.PublicKey, hashes[1], With(3, new string('a', 64))));
        Assert.False(BatchSignature.Verify(key.PublicKey, hashes[1], With(4, Convert.ToBase64String(new byte[64]))));
        Assert.False(BatchSignature.Verify(key.PublicKey, hashes[1], With(5, "AAAA")));
        Assert.False(BatchSignature.Verify(key.PublicKey, hashes[1], "batch;x"));
    }

    [Fact]
    public async Task The_batch_signer_answers_each_caller_with_a_signature_of_its_own_message()
    {
        var key = Sm2KeyPair.Generate();
        await using var signer = new BatchSigner(key);
        var hashes = Enumerable.Range(0, 40).Select(H).ToList();
        var signatures = await Task.WhenAll(hashes.Select(signer.SignAsync));
        for (var i = 0; i < hashes.Count; i++)
        {
            Assert.True(BatchSignature.Verify(key.PublicKey, hashes[i], signatures[i]));
            Assert.False(BatchSignature.Verify(key.PublicKey, hashes[(i + 1) % hashes.Count], signatures[i]));
        }
    }
}
