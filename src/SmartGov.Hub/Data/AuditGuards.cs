using Microsoft.EntityFrameworkCore;

namespace SmartGov.Hub.Data;

/// <summary>
/// Database-level protection of the audit trail (GB/T 22239-2019 8.1.4.3 c: audit records are protected from deletion,
/// modification and overwriting). Triggers refuse any change to an entry once it has its place in the log, any change
/// to its content at all, any removal that the archiver has not first secured as a kept leaf hash, and any change or
/// removal of tree nodes, signed heads and archive records. The only writes the platform makes — the sequencer
/// numbering new entries, the archiver removing exported ones — still pass. Someone with the rights to drop triggers
/// can still tamper; the Merkle tree and the signed heads are what then reveal it (<c>sgov audit verify</c>).
/// </summary>
public static class AuditGuards
{
    private const string Message = "audit trail is append-only (审计日志只允许追加，不得修改或删除)";

    private static readonly string[] Content =
        ["Id", "Action", "Outcome", "ActorType", "ActorId", "ActorName", "ActorDepartmentId", "SubjectType", "SubjectId", "PersonIndex",
         "Purpose", "SourceAddress", "RequestId", "TraceId", "Details"];

    private static readonly string[] Frozen = ["audit_tree_nodes", "audit_tree_heads", "audit_archives", "audit_signing_keys"];

    /// <summary>Installs (or reinstalls) the triggers; idempotent, run after every migration.</summary>
    public static async Task InstallAsync(DbContext db, CancellationToken ct = default)
    {
        var postgres = db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true;
        foreach (var sql in postgres ? Postgres() : Sqlite())
        {
            await db.Database.ExecuteSqlRawAsync(sql, ct);
        }
    }

    /// <summary>The statements that remove the triggers (what an attacker with DDL rights would run; tests use it).</summary>
    public static IReadOnlyList<string> RemovalStatements(bool postgres) => postgres
        ? [.. new[] { "audit_records" }.Concat(Frozen).Select(t => $"DROP TRIGGER IF EXISTS {t}_guard ON \"{t}\"")]
        : [.. new[] { "audit_records_no_update", "audit_records_no_delete" }.Concat(Frozen.SelectMany(t => new[] { $"{t}_no_update", $"{t}_no_delete" }))
            .Select(n => $"DROP TRIGGER IF EXISTS {n}")];

    private static IEnumerable<string> Sqlite()
    {
        var changed = string.Join(" OR ", Content.Select(c => $"NEW.\"{c}\" IS NOT OLD.\"{c}\""));
        yield return $"""
            CREATE TRIGGER IF NOT EXISTS audit_records_no_update BEFORE UPDATE ON "audit_records"
            WHEN OLD."Sequence" IS NOT NULL OR {changed}
            BEGIN SELECT RAISE(ABORT, '{Message}'); END
            """;
        yield return $"""
            CREATE TRIGGER IF NOT EXISTS audit_records_no_delete BEFORE DELETE ON "audit_records"
            WHEN OLD."Sequence" IS NULL OR NOT EXISTS (SELECT 1 FROM "audit_tree_nodes" WHERE "Level" = 0 AND "Index" = OLD."Sequence")
            BEGIN SELECT RAISE(ABORT, '{Message}'); END
            """;
        foreach (var t in Frozen)
        {
            yield return $"CREATE TRIGGER IF NOT EXISTS {t}_no_update BEFORE UPDATE ON \"{t}\" BEGIN SELECT RAISE(ABORT, '{Message}'); END";
            if (t == "audit_tree_heads")
            {
                // Replaced, not kept if present: earlier versions refused every removal of a head.
                yield return "DROP TRIGGER IF EXISTS audit_tree_heads_no_delete";
                yield return $"""
                    CREATE TRIGGER audit_tree_heads_no_delete BEFORE DELETE ON "audit_tree_heads"
                    WHEN NOT ({HeadThinnable("(CAST(strftime('%s', 'now') AS INTEGER) * 1000)")})
                    BEGIN SELECT RAISE(ABORT, '{Message}'); END
                    """;
                continue;
            }
            yield return $"CREATE TRIGGER IF NOT EXISTS {t}_no_delete BEFORE DELETE ON \"{t}\" BEGIN SELECT RAISE(ABORT, '{Message}'); END";
        }
    }

    /// <summary>The only heads that may go: older than a day by the database's clock, else as the thinner removes them.</summary>
    private static string HeadThinnable(string nowMilliseconds) =>
        Modules.Audit.AuditHeadThinner.Thinnable("OLD", $"{nowMilliseconds} - {Modules.Audit.AuditHeadThinner.MinimumHours * 3_600_000L}");

    private static IEnumerable<string> Postgres()
    {
        yield return $$"""
            CREATE OR REPLACE FUNCTION smartgov_audit_guard() RETURNS trigger LANGUAGE plpgsql AS $guard$
            BEGIN
                IF TG_TABLE_NAME = 'audit_tree_heads' AND TG_OP = 'DELETE' THEN
                    -- nested: plpgsql does not promise to skip OLD."Timestamp" for the other tables
                    IF {{HeadThinnable("(extract(epoch from clock_timestamp()) * 1000)::bigint")}} THEN
                        RETURN OLD;
                    END IF;
                END IF;
                IF TG_TABLE_NAME = 'audit_records' THEN
                    IF TG_OP = 'UPDATE' AND OLD."Sequence" IS NULL
                       AND ROW({{string.Join(", ", Content.Select(c => $"NEW.\"{c}\""))}}) IS NOT DISTINCT FROM ROW({{string.Join(", ", Content.Select(c => $"OLD.\"{c}\""))}}) THEN
                        RETURN NEW;
                    END IF;
                    IF TG_OP = 'DELETE' AND OLD."Sequence" IS NOT NULL
                       AND EXISTS (SELECT 1 FROM "audit_tree_nodes" WHERE "Level" = 0 AND "Index" = OLD."Sequence") THEN
                        RETURN OLD;
                    END IF;
                END IF;
                RAISE EXCEPTION '{{Message}}: % on %', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
            END
            $guard$
            """;
        foreach (var t in new[] { "audit_records" }.Concat(Frozen))
        {
            yield return $"DROP TRIGGER IF EXISTS {t}_guard ON \"{t}\"";
            yield return $"CREATE TRIGGER {t}_guard BEFORE UPDATE OR DELETE ON \"{t}\" FOR EACH ROW EXECUTE FUNCTION smartgov_audit_guard()";
        }
    }
}
