using System.Security.Cryptography;

namespace SmartGov.Crypto.Tests;

/// <summary>
/// SM2 keys, signatures and ciphertexts exchanged with the OpenSSL 3 command line, using exactly the
/// commands docs/crypto.md gives operators.
/// </summary>
public class Sm2OpenSslInteropTests
{
    [Fact]
    public async Task OpenSSL_verifies_our_signature_with_distid_and_rejects_a_changed_message()
    {
        using var openssl = new OpenSsl();
        var keyPair = Sm2KeyPair.Generate();
        var message = RandomNumberGenerator.GetBytes(300);
        var pub = openssl.Write("pub.pem", keyPair.PublicKeyPem());
        var msg = openssl.Write("msg.bin", message);
        var sig = openssl.Write("msg.sig", keyPair.Sign(message));

        var output = await openssl.RunAsync(
            "pkeyutl", "-verify", "-pubin", "-inkey", pub, "-rawin", "-digest", "sm3",
            "-pkeyopt", "distid:1234567812345678", "-in", msg, "-sigfile", sig);
        Assert.Contains("Signature Verified Successfully", output, StringComparison.Ordinal);

        // The same check through dgst, which some operators know better.
        output = await openssl.RunAsync(
            "dgst", "-sm3", "-verify", pub, "-sigopt", "distid:1234567812345678", "-signature", sig, msg);
        Assert.Contains("Verified OK", output, StringComparison.Ordinal);

        message[0] ^= 0x01;
        var changed = openssl.Write("changed.bin", message);
        var rejected = await openssl.TryRunAsync(
            "pkeyutl", "-verify", "-pubin", "-inkey", pub, "-rawin", "-digest", "sm3",
            "-pkeyopt", "distid:1234567812345678", "-in", changed, "-sigfile", sig);
        Assert.NotEqual(0, rejected.ExitCode);
    }

    [Fact]
    public async Task OpenSSL_verifies_our_signature_made_with_a_custom_id()
    {
        using var openssl = new OpenSsl();
        var keyPair = Sm2KeyPair.Generate();
        var message = "signed envelope"u8.ToArray();
        var pub = openssl.Write("pub.pem", keyPair.PublicKeyPem());
        var msg = openssl.Write("msg.bin", message);
        var sig = openssl.Write("msg.sig", keyPair.Sign(message, "GOV/tax-bureau"u8.ToArray()));

        var output = await openssl.RunAsync(
            "pkeyutl", "-verify", "-pubin", "-inkey", pub, "-rawin", "-digest", "sm3",
            "-pkeyopt", "distid:GOV/tax-bureau", "-in", msg, "-sigfile", sig);

        Assert.Contains("Signature Verified Successfully", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task We_verify_a_signature_OpenSSL_made_with_its_own_genpkey_key()
    {
        using var openssl = new OpenSsl();
        var message = RandomNumberGenerator.GetBytes(1000);
        var msg = openssl.Write("msg.bin", message);
        await openssl.RunAsync("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2", "-out", openssl.PathOf("key.pem"));
        await openssl.RunAsync("pkey", "-in", openssl.PathOf("key.pem"), "-pubout", "-out", openssl.PathOf("pub.pem"));
        await openssl.RunAsync(
            "pkeyutl", "-sign", "-inkey", openssl.PathOf("key.pem"), "-rawin", "-digest", "sm3",
            "-pkeyopt", "distid:1234567812345678", "-in", msg, "-out", openssl.PathOf("msg.sig"));

        var publicKey = Sm2PublicKey.FromPem(openssl.ReadText("pub.pem"));
        var signature = openssl.ReadBytes("msg.sig");

        Assert.True(publicKey.Verify(message, signature));
        Assert.False(publicKey.Verify(message[1..], signature));

        // Reading OpenSSL's private key gives the same key pair.
        var keyPair = Sm2KeyPair.FromPrivateKeyPem(openssl.ReadText("key.pem"));
        Assert.Equal(publicKey, keyPair.PublicKey);
        Assert.Equal(openssl.ReadText("pub.pem"), keyPair.PublicKeyPem());
    }

    [Fact]
    public async Task Without_distid_OpenSSL_3_uses_an_empty_id_which_our_id_overload_matches()
    {
        using var openssl = new OpenSsl();
        var message = "m"u8.ToArray();
        var msg = openssl.Write("msg.bin", message);
        await openssl.RunAsync("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2", "-out", openssl.PathOf("key.pem"));
        await openssl.RunAsync(
            "pkeyutl", "-sign", "-inkey", openssl.PathOf("key.pem"), "-rawin", "-digest", "sm3",
            "-in", msg, "-out", openssl.PathOf("msg.sig"));
        var publicKey = Sm2KeyPair.FromPrivateKeyPem(openssl.ReadText("key.pem")).PublicKey;

        var signature = openssl.ReadBytes("msg.sig");

        // This is why docs/crypto.md insists on -pkeyopt distid:1234567812345678.
        Assert.False(publicKey.Verify(message, signature));
        Assert.True(publicKey.Verify(message, signature, []));
    }

    [Fact]
    public async Task We_read_the_key_openssl_ecparam_genkey_writes_after_its_parameters_block()
    {
        using var openssl = new OpenSsl();
        var pem = await openssl.RunAsync("ecparam", "-genkey", "-name", "SM2");
        Assert.Contains("PARAMETERS-----", pem, StringComparison.Ordinal);

        var keyPair = Sm2KeyPair.FromPrivateKeyPem(pem);

        var key = openssl.Write("key.pem", pem);
        var expectedPub = await openssl.RunAsync("pkey", "-in", key, "-pubout");
        Assert.Equal(expectedPub, keyPair.PublicKeyPem());
    }

    [Fact]
    public async Task We_read_the_SEC1_key_openssl_ec_writes()
    {
        using var openssl = new OpenSsl();
        await openssl.RunAsync("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2", "-out", openssl.PathOf("key.pem"));
        var sec1 = await openssl.RunAsync("ec", "-in", openssl.PathOf("key.pem"));
        var pub = await openssl.RunAsync("pkey", "-in", openssl.PathOf("key.pem"), "-pubout");

        // OpenSSL 3.0 labels an SM2 SEC1 key "SM2 PRIVATE KEY"; other tools write "EC PRIVATE KEY".
        Assert.Contains("-----BEGIN SM2 PRIVATE KEY-----", sec1, StringComparison.Ordinal);
        Assert.Equal(pub, Sm2KeyPair.FromPrivateKeyPem(sec1).PublicKeyPem());
        Assert.Equal(pub, Sm2KeyPair.FromPrivateKeyPem(sec1.Replace("SM2 PRIVATE KEY", "EC PRIVATE KEY", StringComparison.Ordinal)).PublicKeyPem());
    }

    [Fact]
    public async Task We_read_keys_with_explicit_curve_parameters_when_they_are_the_SM2_curve()
    {
        using var openssl = new OpenSsl();
        await openssl.RunAsync("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2", "-out", openssl.PathOf("key.pem"));
        var pub = await openssl.RunAsync("pkey", "-in", openssl.PathOf("key.pem"), "-pubout");
        var explicitSec1 = await openssl.RunAsync("ec", "-in", openssl.PathOf("key.pem"), "-param_enc", "explicit", "-no_public");
        var explicitPkcs8 = await openssl.RunAsync("pkcs8", "-topk8", "-nocrypt", "-in", openssl.Write("sec1.pem", explicitSec1));

        Assert.Equal(pub, Sm2KeyPair.FromPrivateKeyPem(explicitSec1).PublicKeyPem());
        Assert.Equal(pub, Sm2KeyPair.FromPrivateKeyPem(explicitPkcs8).PublicKeyPem());
    }

    [Fact]
    public async Task OpenSSL_reads_our_PKCS8_and_SPKI_and_derives_the_same_public_key()
    {
        using var openssl = new OpenSsl();
        var keyPair = Sm2KeyPair.Generate();
        var key = openssl.Write("key.pem", keyPair.PrivateKeyPem());
        var pub = openssl.Write("pub.pem", keyPair.PublicKeyPem());

        var derivedPub = await openssl.RunAsync("pkey", "-in", key, "-pubout");
        Assert.Equal(keyPair.PublicKeyPem(), derivedPub);

        await openssl.RunAsync("pkey", "-pubin", "-in", pub, "-outform", "DER", "-out", openssl.PathOf("pub.der"));
        Assert.Equal(keyPair.PublicKeyDer(), openssl.ReadBytes("pub.der"));

        var text = await openssl.RunAsync("pkey", "-in", key, "-noout", "-text");
        Assert.Contains("SM2", text, StringComparison.Ordinal);

        // OpenSSL re-encodes our private key to the same key.
        var reencoded = await openssl.RunAsync("pkey", "-in", key);
        Assert.Equal(keyPair.PublicKey, Sm2KeyPair.FromPrivateKeyPem(reencoded).PublicKey);
    }

    [Fact]
    public async Task OpenSSL_signs_with_our_key_and_we_verify()
    {
        using var openssl = new OpenSsl();
        var keyPair = Sm2KeyPair.Generate();
        var key = openssl.Write("key.pem", keyPair.PrivateKeyPem());
        var message = RandomNumberGenerator.GetBytes(64);
        var msg = openssl.Write("msg.bin", message);

        await openssl.RunAsync(
            "pkeyutl", "-sign", "-inkey", key, "-rawin", "-digest", "sm3",
            "-pkeyopt", "distid:1234567812345678", "-in", msg, "-out", openssl.PathOf("msg.sig"));

        Assert.True(keyPair.PublicKey.Verify(message, openssl.ReadBytes("msg.sig")));
    }

    [Fact]
    public async Task Encryption_interoperates_through_the_GMT_0009_asn1_form()
    {
        using var openssl = new OpenSsl();
        var keyPair = Sm2KeyPair.Generate();
        var key = openssl.Write("key.pem", keyPair.PrivateKeyPem());
        var pub = openssl.Write("pub.pem", keyPair.PublicKeyPem());
        var plaintext = RandomNumberGenerator.GetBytes(100);

        // Ours to OpenSSL.
        var ours = openssl.Write("ours.der", Sm2Ciphertext.ToDer(keyPair.PublicKey.Encrypt(plaintext)));
        await openssl.RunAsync("pkeyutl", "-decrypt", "-inkey", key, "-in", ours, "-out", openssl.PathOf("ours.out"));
        Assert.Equal(plaintext, openssl.ReadBytes("ours.out"));

        // OpenSSL's to ours.
        var plain = openssl.Write("plain.bin", plaintext);
        await openssl.RunAsync("pkeyutl", "-encrypt", "-pubin", "-inkey", pub, "-in", plain, "-out", openssl.PathOf("theirs.der"));
        Assert.Equal(plaintext, keyPair.Decrypt(Sm2Ciphertext.FromDer(openssl.ReadBytes("theirs.der"))));
    }
}
