using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using SmartGov.Crypto;

namespace SmartGov.Cli.Crypto;

/// <summary>
/// <c>sgov crypto</c>: keys, signatures, hashes and encryption with <c>SmartGov.Crypto</c>, producing the
/// same bytes as the OpenSSL 3 commands in docs/crypto.md, so operators can check either side with the other.
/// Operators script these commands: option names, outputs and exit codes (0 ok, 1 check failed, 2 usage) are a contract.
/// </summary>
internal static class CryptoCommands
{
    private const string DataHelp = "The input file, or - for stdin / 输入文件，- 表示标准输入";

    public static Command Create()
    {
        var profile = new Option<string>("--profile")
        {
            Description = "Algorithms: gm = 国密 SM2/SM3/SM4 (default), intl = ECDSA P-256/SHA-256/AES-256-GCM / 密码算法配置",
            HelpName = "gm|intl",
            Recursive = true,
            DefaultValueFactory = _ => CryptoProfiles.GmName,
        };

        var crypto = new Command(
            "crypto",
            "Keys, signatures, hashes and encryption, interoperable with OpenSSL 3 / 密钥、签名、摘要与加解密（与 OpenSSL 3 互通）")
        {
            profile,
        };
        crypto.Subcommands.Add(Keygen(profile));
        crypto.Subcommands.Add(Pubkey(profile));
        crypto.Subcommands.Add(Sign(profile));
        crypto.Subcommands.Add(Verify(profile));
        crypto.Subcommands.Add(Hash(profile));
        crypto.Subcommands.Add(Hmac(profile));
        crypto.Subcommands.Add(Encrypt(profile));
        crypto.Subcommands.Add(Decrypt(profile));

        // `sgov crypto` alone or with a misspelt subcommand is a usage error (2), not a silent success.
        // (A misspelt subcommand is reported by CryptoAction as an unknown subcommand before this runs.)
        crypto.Action = new CryptoAction(profile, (_, _) => throw CliError.Usage(
            "缺少子命令",
            "missing subcommand",
            "keygen, pubkey, sign, verify, hash, hmac, encrypt or decrypt (see `sgov crypto --help`)"));
        return crypto;
    }

    private static Command Keygen(Option<string> profile)
    {
        var output = OutOption("Where to write the new private key (PKCS#8 PEM, created with mode 0600) / 私钥输出文件（权限 0600）", "KEY.pem");
        var force = new Option<bool>("--force") { Description = "Replace the file if it exists (by default an existing key is never overwritten) / 覆盖已存在的文件" };
        var command = new Command("keygen", "Generate a signing key pair: SM2 (gm) or P-256 (intl) / 生成签名密钥对") { output, force };
        command.Action = new CryptoAction(profile, async (ctx, ct) =>
        {
            var key = ctx.Profile.GenerateSigningKey();
            await CryptoIo.WriteAllAsync(ctx.Require(output), Encoding.ASCII.GetBytes(key.PrivateKeyPem()), secret: true, overwrite: ctx.Get(force), ct);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Pubkey(Option<string> profile)
    {
        var key = KeyOption("The private key (PEM: PKCS#8 or SEC1, as OpenSSL writes) / 私钥文件", "KEY.pem");
        var output = new Option<string>("--out")
        {
            Description = "Where to write the public key (SubjectPublicKeyInfo PEM); stdout if omitted / 公钥输出文件，缺省输出到标准输出",
            HelpName = "PUB.pem",
        };
        var command = new Command("pubkey", "Extract the public key from a private key, like `openssl pkey -pubout` / 从私钥导出公钥") { key, output };
        command.Action = new CryptoAction(profile, async (ctx, ct) =>
        {
            var signingKey = await LoadSigningKeyAsync(ctx, ctx.Require(key), ct);
            await CryptoIo.WriteAllAsync(ctx.Get(output) ?? CryptoIo.StdStream, Encoding.ASCII.GetBytes(signingKey.PublicKeyPem()), secret: false, overwrite: true, ct);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Sign(Option<string> profile)
    {
        var key = KeyOption("The private key (PEM) / 签名私钥", "KEY.pem");
        var output = OutOption("Where to write the DER signature, SEQUENCE { r, s } / 签名输出文件（DER）", "SIG");
        var id = Sm2IdOption();
        var file = FileArgument("The file to sign, or - for stdin / 要签名的文件，- 表示标准输入");
        var command = new Command(
            "sign",
            "Sign a file: SM2 with SM3 and ID 1234567812345678 (gm), ECDSA P-256 with SHA-256 (intl) / 对文件签名")
        {
            key, output, id, file,
        };
        command.Action = new CryptoAction(profile, async (ctx, ct) =>
        {
            var signingKey = await LoadSigningKeyAsync(ctx, ctx.Require(key), ct);
            var distinguishingId = Sm2Id(ctx, id);
            var data = await CryptoIo.ReadAllAsync(ctx.Require(file), ct);
            var signature = distinguishingId is not null && signingKey is Sm2KeyPair sm2
                ? sm2.Sign(data, distinguishingId)
                : signingKey.Sign(data);
            await CryptoIo.WriteAllAsync(ctx.Require(output), signature, secret: false, overwrite: true, ct);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Verify(Option<string> profile)
    {
        var key = KeyOption("The public key (SubjectPublicKeyInfo PEM); a private key PEM works too / 验签公钥（也可给私钥）", "PUB.pem");
        var signature = new Option<string>("--signature")
        {
            Description = "The DER signature file / 签名文件（DER）",
            HelpName = "SIG",
            Required = true,
        };
        var id = Sm2IdOption();
        var file = FileArgument("The signed file, or - for stdin / 被签名的文件，- 表示标准输入");
        var command = new Command(
            "verify",
            "Verify a signature; prints OK and exits 0 when valid, prints FAILED and exits 1 when not / 验证签名：有效输出 OK（退出码 0），无效输出 FAILED（退出码 1）")
        {
            key, signature, id, file,
        };
        command.Action = new CryptoAction(profile, async (ctx, ct) =>
        {
            var verificationKey = await LoadVerificationKeyAsync(ctx, ctx.Require(key), ct);
            var distinguishingId = Sm2Id(ctx, id);
            var signatureBytes = await CryptoIo.ReadAllAsync(ctx.Require(signature), ct);
            var data = await CryptoIo.ReadAllAsync(ctx.Require(file), ct);
            var valid = distinguishingId is not null && verificationKey is Sm2PublicKey sm2
                ? sm2.Verify(data, signatureBytes, distinguishingId)
                : verificationKey.Verify(data, signatureBytes);
            if (valid)
            {
                await ctx.Out.WriteLineAsync("OK");
                return ExitCodes.Ok;
            }

            await ctx.Out.WriteLineAsync("FAILED");
            await ctx.Error.WriteLineAsync(
                "sgov crypto verify: " + CliError.Compose("签名无效：文件、签名或公钥不匹配", "invalid signature: the file, the signature and the key do not match", null));
            return ExitCodes.Failed;
        });
        return command;
    }

    private static Command Hash(Option<string> profile)
    {
        var file = FileArgument(DataHelp);
        var command = new Command("hash", "Print the SM3 (gm) or SHA-256 (intl) hash in lowercase hex, like `openssl dgst -sm3` / 计算摘要") { file };
        command.Action = new CryptoAction(profile, async (ctx, _) =>
        {
            byte[] digest;
            await using (var stream = CryptoIo.OpenRead(ctx.Require(file)))
            {
                digest = ctx.Profile.Hash(stream);
            }

            await ctx.Out.WriteLineAsync(CryptoIo.ToHex(digest));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Hmac(Option<string> profile)
    {
        var keyHex = new Option<string>("--key-hex")
        {
            Description = "The HMAC key in hex (any length) / HMAC 密钥（十六进制）",
            HelpName = "HEX",
            Required = true,
        };
        var file = FileArgument(DataHelp);
        var command = new Command("hmac", "Print HMAC-SM3 (gm) or HMAC-SHA256 (intl) in lowercase hex / 计算 HMAC") { keyHex, file };
        command.Action = new CryptoAction(profile, async (ctx, ct) =>
        {
            var keyBytes = CryptoIo.ParseHex(ctx.Get(keyHex), keyHex.Name);
            var data = await CryptoIo.ReadAllAsync(ctx.Require(file), ct);
            await ctx.Out.WriteLineAsync(CryptoIo.ToHex(ctx.Profile.Hmac(keyBytes, data)));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Encrypt(Option<string> profile)
    {
        var keyHex = SymmetricKeyOption();
        var sm2Pub = new Option<string>("--sm2-pub")
        {
            Description = "Encrypt to this SM2 public key instead (PEM; output C1C3C2; gm only) / 改用 SM2 公钥加密",
            HelpName = "PUB.pem",
        };
        var der = new Option<bool>("--der")
        {
            Description = "With --sm2-pub: write the GM/T 0009 ASN.1 form that `openssl pkeyutl -decrypt` reads / 输出 GM/T 0009 ASN.1 格式",
        };
        var aad = AadOption();
        var output = OutOption("Where to write the ciphertext / 密文输出文件", "OUT");
        var file = FileArgument(DataHelp);
        var command = new Command(
            "encrypt",
            "Encrypt a file: SM4-GCM (gm) or AES-256-GCM (intl) as nonce||ciphertext||tag, or SM2 with --sm2-pub / 加密文件")
        {
            keyHex, sm2Pub, der, aad, output, file,
        };
        command.Action = new CryptoAction(profile, async (ctx, ct) =>
        {
            var outPath = ctx.Require(output);
            var inPath = ctx.Require(file);
            byte[] ciphertext;
            if (ctx.Get(sm2Pub) is { } pubPath)
            {
                RequireGm(ctx, sm2Pub.Name);
                RejectWith(ctx, keyHex, sm2Pub);
                RejectWith(ctx, aad, sm2Pub);
                var publicKey = await LoadSm2PublicKeyAsync(ctx, pubPath, ct);
                var data = await CryptoIo.ReadAllAsync(inPath, ct);
                if (data.Length == 0)
                {
                    throw CliError.Usage("SM2 不能加密空文件", "SM2 cannot encrypt an empty file", inPath);
                }

                var c1c3c2 = publicKey.Encrypt(data);
                ciphertext = ctx.Get(der) ? Sm2Ciphertext.ToDer(c1c3c2) : c1c3c2;
            }
            else
            {
                if (ctx.Get(der))
                {
                    throw CliError.Usage("--der 只能与 --sm2-pub 一起使用", "--der only applies with --sm2-pub");
                }

                var key = SymmetricKey(ctx, keyHex, sm2Pub.Name);
                var associatedData = ctx.Get(aad) is { } aadHex ? CryptoIo.ParseHex(aadHex, aad.Name) : null;
                var data = await CryptoIo.ReadAllAsync(inPath, ct);
                ciphertext = ctx.Profile.Encrypt(key, data, associatedData);
            }

            await CryptoIo.WriteAllAsync(outPath, ciphertext, secret: false, overwrite: true, ct);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Decrypt(Option<string> profile)
    {
        var keyHex = SymmetricKeyOption();
        var sm2Key = new Option<string>("--sm2-key")
        {
            Description = "Decrypt with this SM2 private key instead (PEM; reads C1C3C2 or GM/T 0009 ASN.1; gm only) / 改用 SM2 私钥解密",
            HelpName = "KEY.pem",
        };
        var aad = AadOption();
        var output = OutOption("Where to write the plaintext (created with mode 0600; not written at all if decryption fails) / 明文输出文件（权限 0600，解密失败时不写）", "OUT");
        var file = FileArgument("The ciphertext file, or - for stdin / 密文文件，- 表示标准输入");
        var command = new Command(
            "decrypt",
            "Decrypt what `sgov crypto encrypt` wrote; exits 1 if the key is wrong or the data was altered / 解密；密钥错误或数据被篡改时退出码 1")
        {
            keyHex, sm2Key, aad, output, file,
        };
        command.Action = new CryptoAction(profile, async (ctx, ct) =>
        {
            var outPath = ctx.Require(output);
            var inPath = ctx.Require(file);
            byte[] plaintext;
            if (ctx.Get(sm2Key) is { } keyPath)
            {
                RequireGm(ctx, sm2Key.Name);
                RejectWith(ctx, keyHex, sm2Key);
                RejectWith(ctx, aad, sm2Key);
                var signingKey = await LoadSigningKeyAsync(ctx, keyPath, ct);
                var sm2 = (Sm2KeyPair)signingKey;
                var data = await CryptoIo.ReadAllAsync(inPath, ct);
                plaintext = Authenticate(() =>
                {
                    // 0x30 starts an ASN.1 SEQUENCE (OpenSSL's form); the raw C1C3C2 starts with the point marker 0x04.
                    var raw = data.Length > 0 && data[0] == 0x30 ? Sm2Ciphertext.FromDer(data) : data;
                    if (raw.Length == 0 || raw[0] != 0x04)
                    {
                        throw new CryptographicException("not an SM2 ciphertext (expected C1C3C2 starting with 0x04, or GM/T 0009 ASN.1)");
                    }

                    return sm2.Decrypt(raw);
                });
            }
            else
            {
                var key = SymmetricKey(ctx, keyHex, sm2Key.Name);
                var associatedData = ctx.Get(aad) is { } aadHex ? CryptoIo.ParseHex(aadHex, aad.Name) : null;
                var data = await CryptoIo.ReadAllAsync(inPath, ct);
                plaintext = Authenticate(() => ctx.Profile.Decrypt(key, data, associatedData));
            }

            await CryptoIo.WriteAllAsync(outPath, plaintext, secret: true, overwrite: true, ct);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static byte[] Authenticate(Func<byte[]> decrypt)
    {
        try
        {
            return decrypt();
        }
        catch (CryptographicException ex)
        {
            // GCM and SM2's C3 cannot tell a wrong key from altered bytes; nothing of the plaintext is kept.
            throw CliError.Failed("解密失败：密钥错误或数据已被篡改，未写出任何内容", "decryption failed: wrong key or the data was altered; nothing was written", CliError.DetailOf(ex));
        }
    }

    private static Option<string> OutOption(string description, string helpName) => new("--out")
    {
        Description = description,
        HelpName = helpName,
        Required = true,
    };

    private static Option<string> KeyOption(string description, string helpName) => new("--key")
    {
        Description = description,
        HelpName = helpName,
        Required = true,
    };

    private static Option<string> SymmetricKeyOption() => new("--key-hex")
    {
        Description = "The symmetric key in hex: 16 bytes for SM4 (gm), 32 bytes for AES-256 (intl) / 对称密钥（十六进制）",
        HelpName = "HEX",
    };

    private static Option<string> AadOption() => new("--aad-hex")
    {
        Description = "Associated data in hex, authenticated but not encrypted (the hub's personal data uses its format byte) / 附加认证数据（十六进制）",
        HelpName = "HEX",
    };

    private static Option<string> Sm2IdOption() => new("--sm2-id")
    {
        Description = "SM2 distinguishing ID (gm only; default 1234567812345678, GM/T 0009-2012) / SM2 用户身份标识",
        HelpName = "ID",
    };

    private static Argument<string> FileArgument(string description) => new("FILE") { Description = description };

    private static byte[]? Sm2Id(CryptoContext ctx, Option<string> option)
    {
        if (ctx.Get(option) is not { } id)
        {
            return null;
        }

        RequireGm(ctx, option.Name);
        var bytes = Encoding.UTF8.GetBytes(id);
        if (bytes.Length is 0 or > 8191)
        {
            // ENTL is a 16-bit bit length (GB/T 32918.2-2016 §5.5).
            throw CliError.Usage("SM2 用户身份标识长度须为 1 到 8191 字节", "the SM2 ID must be 1 to 8191 bytes");
        }

        return bytes;
    }

    private static void RequireGm(CryptoContext ctx, string option)
    {
        if (!ctx.IsGm)
        {
            throw CliError.Usage($"{option} 仅用于 gm 配置", $"{option} only applies to the gm profile (SM2)");
        }
    }

    private static void RejectWith(CryptoContext ctx, Option<string> unwanted, Option<string> chosen)
    {
        if (ctx.Get(unwanted) is not null)
        {
            throw CliError.Usage($"{unwanted.Name} 不能与 {chosen.Name} 同时使用", $"{unwanted.Name} cannot be used with {chosen.Name}");
        }
    }

    private static byte[] SymmetricKey(CryptoContext ctx, Option<string> keyHex, string alternative)
    {
        if (ctx.Get(keyHex) is not { } hex)
        {
            throw CliError.Usage($"需要 {keyHex.Name} 或 {alternative}", $"give {keyHex.Name} or {alternative}");
        }

        var key = CryptoIo.ParseHex(hex, keyHex.Name);
        if (key.Length != ctx.Profile.KeySizeInBytes)
        {
            var cipher = ctx.IsGm ? "SM4" : "AES-256";
            throw CliError.Usage(
                $"{ctx.Profile.Name} 配置的 {cipher} 密钥须为 {ctx.Profile.KeySizeInBytes} 字节（{ctx.Profile.KeySizeInBytes * 2} 个十六进制字符），实际 {key.Length} 字节",
                $"the {ctx.Profile.Name} profile needs a {ctx.Profile.KeySizeInBytes}-byte {cipher} key ({ctx.Profile.KeySizeInBytes * 2} hex characters); got {key.Length} bytes");
        }

        return key;
    }

    private static async Task<ISigningKey> LoadSigningKeyAsync(CryptoContext ctx, string path, CancellationToken ct)
    {
        var pem = await CryptoIo.ReadKeyTextAsync(path, ct);
        try
        {
            return ctx.Profile.ImportSigningKey(pem);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            throw CryptoAction.KeyError(ctx, path, isPrivate: true, ex);
        }
    }

    private static async Task<IVerificationKey> LoadVerificationKeyAsync(CryptoContext ctx, string path, CancellationToken ct)
    {
        var pem = await CryptoIo.ReadKeyTextAsync(path, ct);
        try
        {
            // `openssl pkeyutl -verify -inkey` accepts a private key as well; so do we.
            return pem.Contains("PRIVATE KEY-----", StringComparison.Ordinal) && !pem.Contains("BEGIN PUBLIC KEY-----", StringComparison.Ordinal)
                ? ctx.Profile.ImportSigningKey(pem).PublicKey
                : ctx.Profile.ImportVerificationKey(pem);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            throw CryptoAction.KeyError(ctx, path, isPrivate: false, ex);
        }
    }

    private static async Task<Sm2PublicKey> LoadSm2PublicKeyAsync(CryptoContext ctx, string path, CancellationToken ct)
    {
        var key = await LoadVerificationKeyAsync(ctx, path, ct);
        return (Sm2PublicKey)key;
    }
}
