using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartGov.Crypto;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Audit;

namespace SmartGov.Cli.Audit;

/// <summary>
/// <c>sgov audit verify | export | verify-bundle | proof | archive</c> and <c>sgov merkle root</c>.
/// Exit codes: 0 verified / done, 1 verification failed (the first problem is named), 2 the command could not run
/// (bad arguments, no key, no database).
/// </summary>
public static class AuditCommands
{
    public const int Ok = 0;
    public const int VerificationFailed = 1;
    public const int CannotRun = 2;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The <c>audit</c> and <c>merkle</c> commands, for <c>root.Subcommands</c>.</summary>
    public static IEnumerable<Command> Create() => [CreateAudit(), CreateMerkle()];

    private sealed class DbOptions
    {
        public Option<string?> Provider { get; } = new("--provider") { Description = "Sqlite or Postgres (default: Database:Provider, else Sqlite)" };
        public Option<string?> Connection { get; } = new("--connection") { Description = "Connection string (default: ConnectionStrings:SmartGov)" };
        public Option<string?> DataDir { get; } = new("--data-dir") { Description = "Data directory (default: Database:DataDirectory, else ./data)" };
        public Option<string?> Profile { get; } = new("--profile") { Description = "gm (SM3/SM2, default) or intl (SHA-256/ECDSA P-256); default: Audit:Profile" };
        public Option<string?> KeyFile { get; } = new("--key-file") { Description = "Audit signing key PEM (default: Audit:SigningKeyFile, else DATA/keys/audit-signing.pem)" };

        public void AddTo(Command c)
        {
            c.Options.Add(Provider);
            c.Options.Add(Connection);
            c.Options.Add(DataDir);
            c.Options.Add(Profile);
            c.Options.Add(KeyFile);
        }

        public IConfiguration Build(ParseResult r)
        {
            var overrides = new Dictionary<string, string?>();
            if (r.GetValue(Provider) is { } p)
            {
                overrides[$"{DatabaseOptions.Section}:Provider"] = p;
            }
            if (r.GetValue(Connection) is { } c)
            {
                overrides[$"ConnectionStrings:{DatabaseExtensions.ConnectionStringName}"] = c;
            }
            if (r.GetValue(DataDir) is { } d)
            {
                overrides[$"{DatabaseOptions.Section}:DataDirectory"] = d;
            }
            if (r.GetValue(Profile) is { } profile)
            {
                overrides[$"{AuditOptions.Section}:Profile"] = profile;
            }
            if (r.GetValue(KeyFile) is { } key)
            {
                overrides[$"{AuditOptions.Section}:SigningKeyFile"] = key;
            }
            // The command line never generates a signing key, and never runs the sequencer.
            overrides[$"{AuditOptions.Section}:GenerateSigningKeyIfMissing"] = "false";
            overrides[$"{AuditOptions.Section}:SequencerEnabled"] = "false";
            return new ConfigurationBuilder()
                .AddJsonFile("appsettings.json", optional: true)
                .AddEnvironmentVariables("SMARTGOV_")
                .AddEnvironmentVariables()
                .AddInMemoryCollection(overrides)
                .Build();
        }
    }

    private static ServiceProvider Services(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(TimeProvider.System);
        services.AddSmartGovDatabase(configuration);
        services.AddAudit();
        // The defaulting in AddAudit may turn key generation back on for a demo configuration; the CLI never generates.
        services.PostConfigure<AuditOptions>(o => o.GenerateSigningKeyIfMissing = false);
        return services.BuildServiceProvider();
    }

    private static Command CreateAudit()
    {
        var audit = new Command("audit", "The tamper-evident audit log: verify, export, prove, archive / 审计日志：校验、导出、证明、归档");
        audit.Subcommands.Add(VerifyCommand());
        audit.Subcommands.Add(ExportCommand());
        audit.Subcommands.Add(VerifyBundleCommand());
        audit.Subcommands.Add(ProofCommand());
        audit.Subcommands.Add(ArchiveCommand());
        audit.Subcommands.Add(KeysCommand());
        return audit;
    }

    private static Command KeysCommand()
    {
        var db = new DbOptions();
        var publicKey = new Option<string?>("--public-key") { Description = "Check the history from this PEM public key instead of the signing key file's" };
        var command = new Command("keys", "List the history of the audit signing keys and check its hand-overs / 列出并校验审计签名密钥更换记录") { publicKey };
        db.AddTo(command);
        command.SetAction((r, ct) => RunAsync(r, async (o, e) =>
        {
            await using var sp = Services(db.Build(r));
            await using var scope = sp.CreateAsyncScope();
            var options = sp.GetRequiredService<IOptions<AuditOptions>>().Value;
            var profile = AuditSigner.ResolveProfile(options.Profile);
            var keys = await scope.ServiceProvider.GetRequiredService<IAuditLog>().KeysAsync(ct);
            foreach (var k in keys)
            {
                await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"key {k.Number}  {k.Fingerprint}  heads from size {k.FromTreeSize}  since {k.Timestamp}"));
            }
            if (keys.Count == 0)
            {
                await o.WriteLineAsync("No key recorded yet: the sequencer records the first key with the first head it signs. / 尚无签名密钥记录。");
                return Ok;
            }
            var trusted = LoadPublicKey(r.GetValue(publicKey), options, profile);
            if (keys.Validate(profile, trusted, out var problem) is null)
            {
                await o.WriteLineAsync($"FAILED 校验失败: {problem}");
                return VerificationFailed;
            }
            await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"OK 校验通过: {keys.Count} key(s), every hand-over signed by both keys, trusted from {AuditKeyHistory.Fingerprint(profile, trusted)[..16]}…"));
            return Ok;
        }));
        return command;
    }

    private static Command VerifyCommand()
    {
        var db = new DbOptions();
        var publicKey = new Option<string?>("--public-key") { Description = "Verify heads with this PEM public key instead of the signing key file's" };
        var trusted = new Option<string?>("--trusted-head") { Description = "A head JSON saved earlier (export bundle or API): detects a truncated or rewritten log" };
        var witnessFile = new Option<string?>("--witness")
        {
            Description = "The head witness file (default: Audit:HeadWitnessFile); its newest head is a reference like --trusted-head / 树头见证文件",
        };
        var command = new Command("verify",
            "Recompute the whole tree from the stored entries and check every node and signed head; exit 1 naming the first mismatch / 校验整个审计日志")
        {
            publicKey, trusted, witnessFile,
        };
        db.AddTo(command);
        command.SetAction((r, ct) => RunAsync(r, async (output, error) =>
        {
            await using var sp = Services(db.Build(r));
            var o = sp.GetRequiredService<IOptions<AuditOptions>>().Value;
            var profile = AuditSigner.ResolveProfile(o.Profile);
            var key = LoadPublicKey(r.GetValue(publicKey), o, profile);
            SignedTreeHead? trustedHead = null;
            if (r.GetValue(trusted) is { } trustedFile)
            {
                trustedHead = ReadHead(trustedFile);
            }
            // The witness file's newest head serves as the reference too; of the two, the one for the longer log counts.
            if ((r.GetValue(witnessFile) ?? o.HeadWitnessFile) is { Length: > 0 } witnessPath)
            {
                if (!File.Exists(witnessPath))
                {
                    await output.WriteLineAsync($"Witness 见证文件: {witnessPath} does not exist yet; no witnessed head to compare with.");
                }
                else if (AuditHeadWitness.ReadNewest(witnessPath) is { } witnessed)
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"Witness 见证文件: newest witnessed head {witnessed.TreeSize} entries, signed {AuditCanonicalJson.FormatTime(witnessed.Time)}."));
                    if (trustedHead is null || witnessed.TreeSize > trustedHead.TreeSize)
                    {
                        trustedHead = witnessed;
                    }
                }
            }
            await using var scope = sp.CreateAsyncScope();
            var verifier = new AuditVerifier(scope.ServiceProvider.GetRequiredService<SmartGovDbContext>(), profile, key);
            var report = await verifier.VerifyAsync(trustedHead, ct);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Audit log 审计日志: profile {report.Profile}, {report.TreeSize} entries ({report.ArchivedLeaves} archived), {report.HeadsChecked} signed heads checked, {report.NodesChecked} nodes checked, {report.Unsequenced} not yet sequenced."));
            if (report.Problem is { } problem)
            {
                await output.WriteLineAsync($"FAILED 校验失败: {problem.Location}: {problem.Message}");
                return VerificationFailed;
            }
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"OK 校验通过: every entry, node and head matches; {report.Elapsed.TotalSeconds:F2} s, {report.EntriesPerSecond:N0} entries/s."));
            return Ok;
        }));
        return command;
    }

    private static Command ExportCommand()
    {
        var db = new DbOptions();
        var output = new Option<string>("--out") { Description = "Directory to write the bundle to (must be empty or not exist)", Required = true };
        var from = new Option<long?>("--from") { Description = "First sequence number (default: the oldest stored entry)" };
        var to = new Option<long?>("--to") { Description = "Last sequence number, inclusive (default: the newest signed head's last entry)" };
        var command = new Command("export", "Write entries, signed heads, proofs and the public key to a bundle for offline verification / 导出审计日志包")
        {
            output, from, to,
        };
        db.AddTo(command);
        command.SetAction((r, ct) => RunAsync(r, async (o, e) =>
        {
            await using var sp = Services(db.Build(r));
            await using var scope = sp.CreateAsyncScope();
            var exporter = scope.ServiceProvider.GetRequiredService<AuditExporter>();
            var result = await exporter.ExportAsync(r.GetValue(output)!, r.GetValue(from), r.GetValue(to) is { } last ? last + 1 : null, "export", ct);
            await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Exported entries {result.FromSequence}..{result.ToSequence - 1} with {result.Heads} signed heads (anchor: {result.AnchorTreeSize} entries) to {result.Directory}. / 导出完成。"));
            await o.WriteLineAsync($"Check it offline: sgov audit verify-bundle {result.Directory}  (see {Path.Combine(result.Directory, "README.md")})");
            return Ok;
        }));
        return command;
    }

    private static Command VerifyBundleCommand()
    {
        var dir = new Argument<string>("DIR") { Description = "The bundle directory" };
        var publicKey = new Option<string?>("--public-key") { Description = "Trust this PEM public key instead of the bundle's public-key.pem" };
        var command = new Command("verify-bundle", "Check an export bundle offline, without the database / 离线校验审计日志包") { dir, publicKey };
        command.SetAction((r, ct) => RunAsync(r, async (o, e) =>
        {
            var trustedPem = r.GetValue(publicKey) is { } file ? await File.ReadAllTextAsync(file, ct) : null;
            var report = AuditBundleVerifier.Verify(r.GetValue(dir)!, trustedPem);
            await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Bundle 审计日志包: profile {report.Profile}, entries {report.FromSequence}..{report.ToSequence - 1}, anchor head {report.AnchorTreeSize}, {report.HeadsChecked} heads and {report.EntriesChecked} entries checked."));
            await o.WriteLineAsync($"Public key fingerprint 公钥指纹: {report.PublicKeyFingerprint}");
            if (report.Problem is { } problem)
            {
                await o.WriteLineAsync($"FAILED 校验失败: {problem.Location}: {problem.Message}");
                return VerificationFailed;
            }
            await o.WriteLineAsync("OK 校验通过: every head's signature, every consistency proof and every entry's inclusion proof hold.");
            return Ok;
        }));
        return command;
    }

    private static Command ProofCommand()
    {
        var db = new DbOptions();
        var sequence = new Option<long>("--sequence") { Description = "The entry's sequence number", Required = true };
        var treeSize = new Option<long?>("--tree-size") { Description = "Prove against the tree of this many entries (default: the newest signed head)" };
        var publicKey = new Option<string?>("--public-key") { Description = "Check the head's signature with this PEM public key" };
        var command = new Command("proof", "Print an entry's inclusion proof (RFC 6962) and check it / 输出并校验包含性证明") { sequence, treeSize, publicKey };
        db.AddTo(command);
        command.SetAction((r, ct) => RunAsync(r, async (o, e) =>
        {
            await using var sp = Services(db.Build(r));
            await using var scope = sp.CreateAsyncScope();
            var log = scope.ServiceProvider.GetRequiredService<IAuditLog>();
            var n = r.GetValue(sequence);
            var result = await log.InclusionProofAsync(n, r.GetValue(treeSize), ct);
            if (result.Proof is not { } p)
            {
                await e.WriteLineAsync(result.Problem switch
                {
                    ProofProblem.NoHead => "The log has no signed head yet. / 尚无签名树头。",
                    ProofProblem.NoSuchEntry => $"No sequenced entry {n}. / 没有该审计记录。",
                    ProofProblem.TreeSizeOutOfRange => $"{result.Message} / 树大小超出范围。",
                    _ => $"{result.Message} / 存储已损坏。",
                });
                return result.Problem == ProofProblem.Damaged ? VerificationFailed : CannotRun;
            }
            var options = sp.GetRequiredService<IOptions<AuditOptions>>().Value;
            var profile = AuditSigner.ResolveProfile(options.Profile);
            var hasher = MerkleHasher.For(profile);
            var included = MerkleTree.VerifyInclusion(hasher, p.LeafHash, p.Sequence, p.TreeSize, p.Path, p.RootHash);
            bool? signed = null;
            if (p.Head is not null)
            {
                // A head from before a key change is checked with the key of its size, trusted through the key history.
                var key = LoadPublicKey(r.GetValue(publicKey), options, profile);
                var chain = (await log.KeysAsync(ct)).Validate(profile, key, out var keyProblem);
                if (keyProblem is not null)
                {
                    await o.WriteLineAsync($"Key history 密钥记录: {keyProblem}");
                }
                signed = chain is not null && p.Head.VerifySignature(chain.For(p.Head.TreeSize)) && p.Head.RootHash.AsSpan().SequenceEqual(p.RootHash);
            }
            await o.WriteLineAsync(JsonSerializer.Serialize(new
            {
                sequence = p.Sequence,
                treeSize = p.TreeSize,
                leafHash = Convert.ToHexStringLower(p.LeafHash),
                path = p.Path.Select(Convert.ToHexStringLower),
                rootHash = Convert.ToHexStringLower(p.RootHash),
                head = p.Head?.ToDto(),
            }, Json));
            await o.WriteLineAsync($"Inclusion 包含性证明: {(included ? "verified 已验证" : "FAILED 不成立")}; head signature 树头签名: {(signed switch { true => "verified 已验证", false => "FAILED 无效", null => $"no head signed at size {p.TreeSize}" })}");
            return included && signed != false ? Ok : VerificationFailed;
        }));
        return command;
    }

    private static Command ArchiveCommand()
    {
        var db = new DbOptions();
        var before = new Option<string>("--before") { Description = "Archive entries older than this date (yyyy-MM-dd, UTC); must be at least Audit:RetentionDays ago", Required = true };
        var output = new Option<string>("--out") { Description = "Directory for the archive bundle (must be empty or not exist)", Required = true };
        var command = new Command("archive",
            "Export the oldest entries (older than --before and the retention period) with their signed heads and proofs, verify the bundle, then remove them from the database / 归档过期审计记录")
        {
            before, output,
        };
        db.AddTo(command);
        command.SetAction((r, ct) => RunAsync(r, async (o, e) =>
        {
            if (!DateTime.TryParse(r.GetValue(before), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var cutoff))
            {
                await e.WriteLineAsync($"--before: \"{r.GetValue(before)}\" is not a date (yyyy-MM-dd). / 日期格式无效。");
                return CannotRun;
            }
            await using var sp = Services(db.Build(r));
            await using var scope = sp.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<AuditArchiver>().ArchiveAsync(cutoff, r.GetValue(output)!, ct);
            await o.WriteLineAsync(result.Message);
            return Ok;
        }));
        return command;
    }

    private static Command CreateMerkle()
    {
        var hash = new Option<string>("--hash") { Description = "sm3 (default) or sha256", DefaultValueFactory = _ => "sm3" };
        var leaves = new Argument<string[]>("HEXLEAF") { Description = "Leaf data in hex, in order (not leaf hashes)", Arity = ArgumentArity.ZeroOrMore };
        var root = new Command("root", "Print the RFC 6962 Merkle tree root of the given leaves (the empty-tree hash for none) / 计算默克尔树根") { hash, leaves };
        root.SetAction((r, ct) => RunAsync(r, async (o, e) =>
        {
            var hasher = r.GetValue(hash)?.Trim().ToLowerInvariant() switch
            {
                "sm3" => MerkleHasher.Sm3,
                "sha256" or "sha-256" => MerkleHasher.Sha256,
                var other => null,
            };
            if (hasher is null)
            {
                await e.WriteLineAsync($"--hash must be sm3 or sha256, not \"{r.GetValue(hash)}\". / 哈希算法只能是 sm3 或 sha256。");
                return CannotRun;
            }
            var source = new InMemoryMerkleNodeSource(hasher);
            var i = 0;
            foreach (var hex in r.GetValue(leaves) ?? [])
            {
                byte[] data;
                try
                {
                    data = Convert.FromHexString(hex.Trim());
                }
                catch (FormatException)
                {
                    await e.WriteLineAsync($"Leaf {i} (\"{hex}\") is not hex: use an even number of 0-9a-f digits. / 第 {i} 个叶子不是十六进制。");
                    return CannotRun;
                }
                source.Append(data);
                i++;
            }
            await o.WriteLineAsync(Convert.ToHexStringLower(MerkleTree.RootHash(hasher, source, source.LeafCount)));
            return Ok;
        }));
        var merkle = new Command("merkle", "RFC 6962 Merkle tree tools / 默克尔树工具") { root };
        return merkle;
    }

    private static IVerificationKey LoadPublicKey(string? publicKeyFile, AuditOptions options, ICryptoProfile profile)
    {
        if (publicKeyFile is not null)
        {
            if (!File.Exists(publicKeyFile))
            {
                throw new AuditConfigurationException($"Public key file not found: {publicKeyFile} / 找不到公钥文件。");
            }
            return AuditSigner.ReadPublicKey(File.ReadAllText(publicKeyFile), profile, publicKeyFile);
        }
        return AuditSigner.LoadOrCreate(options.SigningKeyFile, profile, generate: false).PublicKey;
    }

    private static SignedTreeHead ReadHead(string file)
    {
        try
        {
            var dto = JsonSerializer.Deserialize<SignedTreeHeadDto>(File.ReadAllText(file), new JsonSerializerOptions(JsonSerializerDefaults.Web))
                ?? throw new FormatException("empty file");
            return dto.ToHead();
        }
        catch (Exception ex) when (ex is IOException or JsonException or FormatException or UnauthorizedAccessException)
        {
            throw new AuditConfigurationException($"--trusted-head {file} is not a tree head JSON: {ex.Message} / 可信树头文件无效。");
        }
    }

    /// <summary>Runs a handler with the invocation's writers; known failures print one clear line, never a stack trace.</summary>
    private static async Task<int> RunAsync(ParseResult r, Func<TextWriter, TextWriter, Task<int>> handler)
    {
        var output = r.InvocationConfiguration.Output;
        var error = r.InvocationConfiguration.Error;
        try
        {
            return await handler(output, error);
        }
        catch (Exception ex) when (ex is AuditConfigurationException or AuditIntegrityException or InvalidOperationException or DbException
            or IOException or UnauthorizedAccessException or OptionsValidationException or ArgumentException)
        {
            await error.WriteLineAsync($"sgov: {ex.Message}");
            return ex is AuditIntegrityException ? VerificationFailed : CannotRun;
        }
    }
}
