using System.Globalization;
using Microsoft.Data.Sqlite;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Modules.Applications;
using SmartGov.Hub.Seeding;

namespace SmartGov.Bench.Insight;

/// <summary>
/// Bulk data written with prepared ADO.NET statements, as EF Core's SQLite provider writes rows (GUIDs as upper-case
/// text, dates as ISO text, enums as integers or strings): applications over the last year with one work-queue row each
/// (3 % open, some past due), the daily and monthly rollup rows those applications produce (computed here, exactly as
/// ApplicationRollup would fold their Submit/Accept/IssueResult history — the history itself is not inserted, so the
/// rollup checkpoint stays at zero and the worker folds only what the benchmark submits), and key tasks with one
/// sub-task each, in every state and light.
/// </summary>
internal static class BulkData
{
    public sealed record Inserted(int Open, int RollupRows, int MonthlyRows);

    private static string G(Guid g) => g.ToString().ToUpperInvariant();

    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static Inserted Insert(string path, int applications, int subTasks, IReadOnlyList<Guid> halls)
    {
        var random = new Random(42);
        var departments = DemoCitySeeder.DepartmentList.Where(d => d.Code is not ("dsj" or "zfb")).Select(d => DemoCitySeeder.DeterministicGuid("dept:" + d.Code)).ToArray();
        var items = Enumerable.Range(0, 36).Select(i => (Code: "BENCH" + i.ToString("D21", CultureInfo.InvariantCulture), Name: "基准事项" + i.ToString(CultureInfo.InvariantCulture),
            Dept: departments[i % departments.Length])).ToArray();
        var today = ChinaTime.Today(TimeProvider.System);
        var itemId = G(Guid.NewGuid());
        var versionId = G(Guid.NewGuid());
        var creator = G(DemoCitySeeder.DeterministicGuid("user:clerk1"));
        var rollup = new Dictionary<(DateOnly Day, Guid Dept, string Code, Guid Hall, int Channel), int[]>();
        int[] Cell(DateOnly day, Guid dept, string code, Guid hall, int channel)
        {
            var key = (day, dept, code, hall, channel);
            if (!rollup.TryGetValue(key, out var c))
            {
                rollup[key] = c = new int[4]; // submitted, accepted, completed, on time
            }
            return c;
        }
        var open = 0;
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        Exec(connection, "PRAGMA synchronous=OFF;");
        const string appSql = """
            INSERT INTO applications ("Id","Number","ItemId","ItemVersionId","ImplementationCode","ItemName","DepartmentId","WorkflowId","Channel","HallId","RegionCode",
              "ApplicantKind","ApplicantName","CreatedBy","FormData","Status","Stage","LimitDays","AcceptedOn","DueOn","ExtensionDays","CreatedAt","UpdatedAt",
              "SubmittedAt","CompletedAt","CompletedOn","OnTime","Visits","Revision")
            VALUES ($id,$number,$item,$version,$code,$itemName,$dept,'00000000-0000-0000-0000-000000000000',$channel,$hall,'371800',
              1,$name,$creator,'{}',$status,$stage,10,$accepted,$due,0,$at,$at,$at,$completedAt,$completed,$ontime,$visits,0)
            """;
        const string taskSql = """
            INSERT INTO application_tasks ("Id","ApplicationId","StepKey","StepName","Kind","Stage","DepartmentId","Role","Status",
              "Approvals","Denials","ApplicationNumber","ImplementationCode","ItemName","ApplicantName","DueOn","OpenedAt","ClosedAt")
            VALUES ($id,$app,$key,$stepName,$kind,$stage,$dept,'Officer',$status,0,0,$number,$code,$itemName,$name,$due,$at,$closed)
            """;
        var done = 0;
        while (done < applications)
        {
            using var tx = connection.BeginTransaction();
            using var app = Command(connection, tx, appSql, "$id", "$number", "$item", "$version", "$code", "$itemName", "$dept", "$channel", "$hall", "$name", "$creator",
                "$status", "$stage", "$accepted", "$due", "$at", "$completedAt", "$completed", "$ontime", "$visits");
            using var task = Command(connection, tx, taskSql, "$id", "$app", "$key", "$stepName", "$kind", "$stage", "$dept", "$status", "$number", "$code", "$itemName",
                "$name", "$due", "$at", "$closed");
            var end = Math.Min(applications, done + 50_000);
            for (var i = done; i < end; i++)
            {
                var id = G(Guid.CreateVersion7());
                var it = items[random.Next(items.Length)];
                var window = random.NextDouble() < 0.4;
                var hall = window ? halls[random.Next(halls.Count)] : Guid.Empty;
                var channel = window ? (int)ApplicationChannel.Window : (int)ApplicationChannel.Online;
                var submitted = today.AddDays(-random.Next(0, 365));
                var isOpen = random.NextDouble() < 0.03;
                var due = isOpen ? today.AddDays(random.Next(-6, 25)) : submitted.AddDays(14);
                var completedOn = isOpen ? (DateOnly?)null : submitted.AddDays(random.Next(0, 16));
                if (completedOn > today)
                {
                    completedOn = today;
                }
                var onTime = completedOn is not null && random.NextDouble() < 0.92;
                var number = "371800" + submitted.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "81" + (i % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
                var at = submitted.ToDateTime(new TimeOnly(2, 0)).ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
                var name = "张*" + (i % 97).ToString(CultureInfo.InvariantCulture);
                Set(app, ("$id", id), ("$number", number), ("$item", itemId), ("$version", versionId), ("$code", it.Code), ("$itemName", it.Name), ("$dept", G(it.Dept)),
                    ("$channel", channel), ("$hall", window ? G(hall) : DBNull.Value), ("$name", name), ("$creator", creator),
                    ("$status", isOpen ? (int)ApplicationStatus.InReview : (int)ApplicationStatus.Completed), ("$stage", isOpen ? 1 : 3), ("$accepted", D(submitted)),
                    ("$due", D(due)), ("$at", at),
                    ("$completedAt", completedOn is { } c1 ? c1.ToDateTime(new TimeOnly(3, 0)).ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture) : DBNull.Value),
                    ("$completed", completedOn is { } c2 ? D(c2) : DBNull.Value), ("$ontime", completedOn is null ? DBNull.Value : onTime ? 1 : 0), ("$visits", window ? 1 : 0));
                app.ExecuteNonQuery();
                Set(task, ("$id", G(Guid.CreateVersion7())), ("$app", id), ("$key", isOpen ? "review" : "issue"), ("$stepName", isOpen ? "审查" : "制证送达"),
                    ("$kind", isOpen ? (int)StepKind.Review : (int)StepKind.Issue), ("$stage", isOpen ? 1 : 3), ("$dept", G(it.Dept)),
                    ("$status", isOpen ? (int)WorkTaskStatus.Open : (int)WorkTaskStatus.Done), ("$number", number), ("$code", it.Code), ("$itemName", it.Name), ("$name", name),
                    ("$due", D(due)), ("$at", at), ("$closed", isOpen ? DBNull.Value : at));
                task.ExecuteNonQuery();
                open += isOpen ? 1 : 0;
                var cell = Cell(submitted, it.Dept, it.Code, hall, channel);
                cell[0]++;
                cell[1]++;
                if (completedOn is { } c3)
                {
                    var doneCell = Cell(c3, it.Dept, it.Code, hall, channel);
                    doneCell[2]++;
                    doneCell[3] += onTime ? 1 : 0;
                }
            }
            tx.Commit();
            done = end;
        }

        using (var tx = connection.BeginTransaction())
        {
            using var r = Command(connection, tx, """
                INSERT INTO application_daily_rollups ("Day","DepartmentId","ImplementationCode","HallId","Channel","ItemName","Submitted","Accepted","IntakeRefused",
                  "SupplementRequests","Approved","Denied","Completed","CompletedOnTime","Withdrawn")
                VALUES ($day,$dept,$code,$hall,$channel,$itemName,$s,$a,0,0,$c,0,$c,$t,0)
                """, "$day", "$dept", "$code", "$hall", "$channel", "$itemName", "$s", "$a", "$c", "$t");
            var names = items.ToDictionary(i => i.Code, i => i.Name);
            foreach (var ((day, dept, code, hall, channel), c) in rollup)
            {
                Set(r, ("$day", D(day)), ("$dept", G(dept)), ("$code", code), ("$hall", G(hall)), ("$channel", channel), ("$itemName", names[code]),
                    ("$s", c[0]), ("$a", c[1]), ("$c", c[2]), ("$t", c[3]));
                r.ExecuteNonQuery();
            }
            tx.Commit();
        }

        // The monthly rows, as ApplicationRollup folds them: each month's row is the sum of its days' rows.
        var monthly = rollup.GroupBy(p => (Month: new DateOnly(p.Key.Day.Year, p.Key.Day.Month, 1), p.Key.Dept, p.Key.Code, p.Key.Hall, p.Key.Channel))
            .ToDictionary(g => g.Key, g => Enumerable.Range(0, 4).Select(i => g.Sum(p => p.Value[i])).ToArray());
        using (var tx = connection.BeginTransaction())
        {
            using var m = Command(connection, tx, """
                INSERT INTO application_monthly_rollups ("Month","DepartmentId","ImplementationCode","HallId","Channel","ItemName","Submitted","Accepted","IntakeRefused",
                  "SupplementRequests","Approved","Denied","Completed","CompletedOnTime","Withdrawn")
                VALUES ($month,$dept,$code,$hall,$channel,$itemName,$s,$a,0,0,$c,0,$c,$t,0)
                """, "$month", "$dept", "$code", "$hall", "$channel", "$itemName", "$s", "$a", "$c", "$t");
            var names = items.ToDictionary(i => i.Code, i => i.Name);
            foreach (var ((month, dept, code, hall, channel), c) in monthly)
            {
                Set(m, ("$month", D(month)), ("$dept", G(dept)), ("$code", code), ("$hall", G(hall)), ("$channel", channel), ("$itemName", names[code]),
                    ("$s", c[0]), ("$a", c[1]), ("$c", c[2]), ("$t", c[3]));
                m.ExecuteNonQuery();
            }
            tx.Commit();
        }

        using (var tx = connection.BeginTransaction())
        {
            using var k = Command(connection, tx, """
                INSERT INTO sup_key_tasks ("Id","Title","Source","Priority","DueOn","CreatedAt","Revision") VALUES ($id,$title,$source,$priority,$due,$at,0)
                """, "$id", "$title", "$source", "$priority", "$due", "$at");
            using var s = Command(connection, tx, """
                INSERT INTO sup_sub_tasks ("Id","KeyTaskId","Title","LeadDepartmentId","DueOn","SignDueOn","AssignedOn","SignedOn","CompletedOn","Weight","Percent","Status",
                  "Rejections","LastReportRejected","Revision")
                VALUES ($id,$task,$title,$dept,$due,$signDue,$assigned,$signed,$completed,1,$percent,$status,0,$rejected,0)
                """, "$id", "$task", "$title", "$dept", "$due", "$signDue", "$assigned", "$signed", "$completed", "$percent", "$status", "$rejected");
            string[] sources = ["WorkReport", "LeaderInstruction", "MeetingDecision", "Proposal"];
            string[] statuses = ["Assigned", "SignedFor", "InProgress", "InProgress", "InProgress", "Feedback", "Closed"];
            for (var i = 0; i < subTasks; i++)
            {
                var keyId = G(Guid.NewGuid());
                var assigned = today.AddDays(-random.Next(10, 200));
                var due = today.AddDays(random.Next(-30, 120));
                var status = statuses[random.Next(statuses.Length)];
                Set(k, ("$id", keyId), ("$title", "基准督查事项" + i.ToString(CultureInfo.InvariantCulture)), ("$source", sources[i % sources.Length]),
                    ("$priority", "Normal"), ("$due", D(due)), ("$at", assigned.ToDateTime(new TimeOnly(1, 0)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)));
                k.ExecuteNonQuery();
                Set(s, ("$id", G(Guid.NewGuid())), ("$task", keyId), ("$title", "基准督办任务" + i.ToString(CultureInfo.InvariantCulture)),
                    ("$dept", G(departments[random.Next(departments.Length)])), ("$due", D(due)), ("$signDue", D(assigned.AddDays(3))), ("$assigned", D(assigned)),
                    ("$signed", status == "Assigned" ? DBNull.Value : D(assigned.AddDays(1))), ("$completed", status == "Closed" ? D(due.AddDays(-1)) : DBNull.Value),
                    ("$percent", status == "Closed" ? 100 : random.Next(0, 95)), ("$status", status), ("$rejected", random.NextDouble() < 0.05 ? 1 : 0));
                s.ExecuteNonQuery();
            }
            tx.Commit();
        }
        Exec(connection, "PRAGMA synchronous=NORMAL; ANALYZE;");
        return new Inserted(open, rollup.Count, monthly.Count);
    }

    /// <summary>SQLite's plans for the application-side figure queries: they must read the rollups (per day on the covering index, whole months from the monthly rows, the edges from the daily rows) and the task index, not scan applications.</summary>
    public static IEnumerable<string> Plans(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        var queries = new[]
        {
            "SELECT \"Day\", \"Channel\", SUM(\"Submitted\"), SUM(\"Accepted\"), SUM(\"Completed\"), SUM(\"CompletedOnTime\") FROM application_daily_rollups WHERE \"Day\" >= '2025-12-01' AND \"Day\" <= '2026-11-30' GROUP BY \"Day\", \"Channel\"",
            "SELECT \"DepartmentId\", \"ImplementationCode\", \"HallId\", \"Channel\", SUM(\"Submitted\") FROM application_monthly_rollups WHERE \"Month\" >= '2026-01-01' AND \"Month\" <= '2026-10-01' GROUP BY \"DepartmentId\", \"ImplementationCode\", \"HallId\", \"Channel\"",
            "SELECT \"DepartmentId\", \"ImplementationCode\", \"HallId\", \"Channel\", SUM(\"Submitted\") FROM application_daily_rollups WHERE \"Day\" >= '2026-11-01' AND \"Day\" <= '2026-11-30' GROUP BY \"DepartmentId\", \"ImplementationCode\", \"HallId\", \"Channel\"",
            "SELECT \"DepartmentId\", COUNT(*) FROM application_tasks WHERE \"Status\" = 1 AND \"DueOn\" < '2026-01-30' GROUP BY \"DepartmentId\"",
        };
        var lines = new List<string>();
        foreach (var q in queries)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "EXPLAIN QUERY PLAN " + q;
            using var reader = cmd.ExecuteReader();
            var steps = new List<string>();
            while (reader.Read())
            {
                steps.Add(reader.GetString(3));
            }
            lines.Add(string.Join(" | ", steps));
        }
        return lines;
    }

    private static void Exec(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction tx, string sql, params string[] parameters)
    {
        var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var p in parameters)
        {
            cmd.Parameters.Add(new SqliteParameter(p, null));
        }
        cmd.Prepare();
        return cmd;
    }

    private static void Set(SqliteCommand cmd, params (string Name, object Value)[] values)
    {
        foreach (var (name, value) in values)
        {
            cmd.Parameters[name].Value = value;
        }
    }
}
