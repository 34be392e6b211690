using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartGov.Audit.Tests.Infrastructure;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Audit.Model;

namespace SmartGov.Audit.Tests;

/// <summary>
/// The database itself keeps the audit trail append-only (GB/T 22239-2019 8.1.4.3): a stored entry cannot be changed or
/// removed through SQL, nor can tree nodes or signed heads; sequencing and archiving still work through the platform.
/// </summary>
public sealed class GuardTests
{
    public static TheoryData<string> Providers() => TestDb.Providers();

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Stored_entries_nodes_heads_and_signing_keys_refuse_changes_and_removal(string provider)
    {
        await using var host = await AuditTestHost.StartAsync(provider);
        await host.WriteEntriesAsync(5);
        await host.Sequencer.SequenceOnceAsync();
        var sequenced = await host.WithScopeAsync(sp => sp.GetRequiredService<SmartGovDbContext>().Set<AuditRecord>().CountAsync(r => r.Sequence != null));
        Assert.Equal(5, sequenced);

        foreach (var sql in new[]
                 {
                     "UPDATE \"audit_records\" SET \"Purpose\" = '随便看看' WHERE \"Sequence\" = 2",
                     "UPDATE \"audit_records\" SET \"Sequence\" = 99 WHERE \"Sequence\" = 3",
                     "DELETE FROM \"audit_records\" WHERE \"Sequence\" = 4",
                     "DELETE FROM \"audit_tree_nodes\"",
                     "UPDATE \"audit_tree_heads\" SET \"TreeSize\" = \"TreeSize\" + 1",
                     "DELETE FROM \"audit_tree_heads\"",
                     "UPDATE \"audit_signing_keys\" SET \"FromTreeSize\" = 7",
                     "DELETE FROM \"audit_signing_keys\"",
                 })
        {
            var ex = await Assert.ThrowsAnyAsync<Exception>(() => host.ExecuteGuardedSqlAsync(sql));
            Assert.Contains("append-only", ex.Message, StringComparison.Ordinal);
        }

        // New entries still get their place, and the untouched log still verifies.
        await host.WriteEntriesAsync(3);
        await host.Sequencer.SequenceOnceAsync();
        var verified = await host.VerifyAsync();
        Assert.True(verified.ExitCode == 0, verified.ToString());
    }
}
