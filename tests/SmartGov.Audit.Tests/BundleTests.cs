using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartGov.Audit.Tests.Infrastructure;
using SmartGov.Crypto;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Audit.Model;

namespace SmartGov.Audit.Tests;

/// <summary>`sgov audit export` bundles check offline with `sgov audit verify-bundle` and, for the signatures, with openssl alone.</summary>
public sealed class BundleTests
{
    public static TheoryData<string> Providers() => TestDb.Providers();

    private static async Task<(AuditTestHost Host, string Bundle)> ExportedAsync(string provider, params string[] range)
    {
        var host = await AuditTestHost.StartAsync(provider);
        foreach (var n in new[] { 6, 9, 4 })
        {
            await host.WriteEntriesAsync(n);
            await host.Sequencer.SequenceOnceAsync();
        }
        var bundle = Path.Combine(host.Db.Directory, "bundle");
        var export = await AuditTestHost.RunCliAsync([.. new[] { "audit", "export", "--out", bundle }, .. host.Db.CliOptions(), "--key-file", host.KeyFile, .. range]);
        Assert.True(export.ExitCode == 0, export.ToString());
        return (host, bundle);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_exported_bundle_verifies_offline_and_names_a_changed_entry(string provider)
    {
        var (host, bundle) = await ExportedAsync(provider);
        await using var _ = host;
        Assert.True(File.Exists(Path.Combine(bundle, "README.md")));
        Assert.Contains("distid:1234567812345678", await File.ReadAllTextAsync(Path.Combine(bundle, "README.md")));
        Assert.Equal(19, File.ReadAllLines(Path.Combine(bundle, "entries.jsonl")).Length);

        var ok = await AuditTestHost.RunCliAsync("audit", "verify-bundle", bundle, "--public-key", host.PublicKeyFile);
        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.Contains("19 entries checked", ok.Output);

        // One byte of entry 7 changes: Chinese text in the purpose, still valid canonical JSON.
        var path = Path.Combine(bundle, "entries.jsonl");
        var lines = File.ReadAllLines(path, Encoding.UTF8);
        lines[7] = lines[7].Replace("营业执照审核", "营业执照审查", StringComparison.Ordinal);
        await File.WriteAllTextAsync(path, string.Join("\n", lines) + "\n", new UTF8Encoding(false));
        var bad = await AuditTestHost.RunCliAsync("audit", "verify-bundle", bundle);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("entry 7:", bad.Output);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_bundle_with_a_forged_head_or_a_foreign_key_fails(string provider)
    {
        var (host, bundle) = await ExportedAsync(provider);
        await using var _ = host;
        var other = Path.Combine(host.Db.Directory, "other.pem");
        await File.WriteAllTextAsync(other, Sm2KeyPair.Generate().PublicKeyPem());
        var foreign = await AuditTestHost.RunCliAsync("audit", "verify-bundle", bundle, "--public-key", other);
        Assert.Equal(1, foreign.ExitCode);
        // The bundle's key history (keys.json) cannot be trusted from a key that is not in it.
        Assert.Contains("key history:", foreign.Output);
        Assert.Contains("not one of the log's 1 signing keys", foreign.Output);

        var heads = Path.Combine(bundle, "heads.jsonl");
        var text = await File.ReadAllTextAsync(heads);
        var root = System.Text.RegularExpressions.Regex.Match(text, "\"treeSize\":15,\"rootHash\":\"([0-9a-f]{64})\"").Groups[1].Value;
        Assert.NotEmpty(root);
        await File.WriteAllTextAsync(heads, text.Replace(root, (root[0] == '0' ? "1" : "0") + root[1..], StringComparison.Ordinal));
        var forged = await AuditTestHost.RunCliAsync("audit", "verify-bundle", bundle);
        Assert.Equal(1, forged.ExitCode);
        Assert.Contains("head 15:", forged.Output);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_partial_export_proves_its_entries_against_the_newest_head(string provider)
    {
        var (host, bundle) = await ExportedAsync(provider, "--from", "4", "--to", "11");
        await using var _ = host;
        Assert.Equal(8, File.ReadAllLines(Path.Combine(bundle, "entries.jsonl")).Length);
        var ok = await AuditTestHost.RunCliAsync("audit", "verify-bundle", bundle);
        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.Contains("entries 4..11", ok.Output);
    }

    [Fact]
    public async Task Openssl_alone_verifies_every_head_signature_of_a_bundle()
    {
        var (host, bundle) = await ExportedAsync("Sqlite");
        await using var _ = host;
        var msgs = Directory.GetFiles(Path.Combine(bundle, "heads"), "*.msg").Order().ToList();
        Assert.Equal(3, msgs.Count);
        foreach (var msg in msgs)
        {
            var (exit, output) = await OpensslAsync(bundle, "pkeyutl", "-verify", "-pubin", "-inkey", "public-key.pem", "-rawin", "-digest", "sm3",
                "-pkeyopt", "distid:1234567812345678", "-in", Path.GetRelativePath(bundle, msg), "-sigfile", Path.GetRelativePath(bundle, Path.ChangeExtension(msg, ".sig")));
            Assert.True(exit == 0, output);
            Assert.Contains("Signature Verified Successfully", output);
        }
        // The signed text is the head: flipping one digit of it makes openssl refuse.
        var tampered = Path.Combine(bundle, "tampered.msg");
        await File.WriteAllTextAsync(tampered, (await File.ReadAllTextAsync(msgs[0])).Replace("\"treeSize\":6", "\"treeSize\":7", StringComparison.Ordinal));
        var (bad, _) = await OpensslAsync(bundle, "pkeyutl", "-verify", "-pubin", "-inkey", "public-key.pem", "-rawin", "-digest", "sm3",
            "-pkeyopt", "distid:1234567812345678", "-in", "tampered.msg", "-sigfile", Path.GetRelativePath(bundle, Path.ChangeExtension(msgs[0], ".sig")));
        Assert.NotEqual(0, bad);
    }

    private static async Task<(int Exit, string Output)> OpensslAsync(string dir, params string[] args)
    {
        var start = new ProcessStartInfo(File.Exists("/usr/bin/openssl") ? "/usr/bin/openssl" : "openssl")
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, await stdout + await stderr);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Archiving_removes_only_entries_older_than_the_retention_period_and_the_rest_still_verifies(string provider)
    {
        await using var host = await AuditTestHost.StartAsync(provider);
        host.Clock.Offset = TimeSpan.FromDays(-500);
        await host.WriteEntriesAsync(13);
        await host.Sequencer.SequenceOnceAsync();
        host.Clock.Offset = TimeSpan.FromDays(-30);
        await host.WriteEntriesAsync(6);
        await host.Sequencer.SequenceOnceAsync();
        host.Clock.Offset = TimeSpan.Zero;

        var tooRecent = await AuditTestHost.RunCliAsync([.. new[] { "audit", "archive", "--before", DateTime.UtcNow.AddDays(-100).ToString("yyyy-MM-dd"),
            "--out", Path.Combine(host.Db.Directory, "never") }, .. host.Db.CliOptions(), "--key-file", host.KeyFile]);
        Assert.Equal(2, tooRecent.ExitCode);
        Assert.Contains("400 days", tooRecent.Error);
        Assert.False(Directory.Exists(Path.Combine(host.Db.Directory, "never")));

        var archive = Path.Combine(host.Db.Directory, "archive-1");
        var result = await AuditTestHost.RunCliAsync([.. new[] { "audit", "archive", "--before", DateTime.UtcNow.AddDays(-401).ToString("yyyy-MM-dd"),
            "--out", archive }, .. host.Db.CliOptions(), "--key-file", host.KeyFile]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("0..12", result.Output);

        // The archive bundle verifies offline; the database keeps only the younger entries.
        var bundle = await AuditTestHost.RunCliAsync("audit", "verify-bundle", archive, "--public-key", host.PublicKeyFile);
        Assert.True(bundle.ExitCode == 0, bundle.ToString());
        var remaining = await host.WithScopeAsync(sp => sp.GetRequiredService<SmartGovDbContext>().Set<AuditRecord>()
            .Where(r => r.Sequence != null).OrderBy(r => r.Sequence).Select(r => r.Sequence!.Value).ToListAsync());
        Assert.Equal(Enumerable.Range(13, 6).Select(i => (long)i), remaining);

        // The archive is itself audited; once sequenced, the whole log still verifies and the kept entries still prove.
        await host.Sequencer.SequenceAllAsync();
        var verify = await host.VerifyAsync();
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("13 archived", verify.Output);
        await host.WithScopeAsync(async sp =>
        {
            var log = sp.GetRequiredService<IAuditLog>();
            for (long s = 13; s < 20; s++)
            {
                var v = (await log.VerifyEntryAsync(s))!;
                Assert.True(v.Verified, $"entry {s}: {v.Problem}");
            }
            var last = (await sp.GetRequiredService<IAuditQuery>().FindAsync(19))!;
            Assert.Equal(AuditActions.AuditArchive, last.Action);
        });

        // Nothing older is left to archive; a deleted archived leaf hash is caught.
        var again = await AuditTestHost.RunCliAsync([.. new[] { "audit", "archive", "--before", DateTime.UtcNow.AddDays(-401).ToString("yyyy-MM-dd"),
            "--out", Path.Combine(host.Db.Directory, "archive-2") }, .. host.Db.CliOptions(), "--key-file", host.KeyFile]);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("nothing to archive", again.Output);
        await host.ExecuteSqlAsync("DELETE FROM \"audit_tree_nodes\" WHERE \"Level\" = 0 AND \"Index\" = 4");
        var broken = await host.VerifyAsync();
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("entry 4:", broken.Output);
    }
}
