using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Applications;
using SmartGov.Hub.Seeding;

namespace SmartGov.Bench.Applications;

/// <summary>
/// The officer's work queue (first page, filtered) with 1,000,000 applications in the SQLite database: GET
/// /api/v1/work-queue?light=red and ?mine=true as gaj.officer (cookie session), against GET /healthz on the same server
/// and session; and the same query through ApplicationService.QueueAsync in process, for reference.
/// Applications and tasks are bulk-inserted with prepared ADO.NET statements (one transaction per 50,000 rows):
/// most completed (one closed task each), a realistic open share (3 %) spread over the departments.
/// </summary>
internal static class QueueBench
{
    public static async Task<Dictionary<string, object>> RunAsync(int applications, int requests)
    {
        await using var hub = Hub.Start(citizens: 10, businesses: 2, historical: 0);
        var load = Stopwatch.StartNew();
        var open = BulkInsert(hub.DatabasePath, applications);
        load.Stop();
        Console.WriteLine($"  {applications:N0} applications + tasks ({open:N0} open) inserted in {load.Elapsed.TotalSeconds:F1} s");

        using var officer = await hub.StaffAsync("gaj.officer");
        var urls = new[] { "/api/v1/work-queue?light=red&pageSize=20", "/api/v1/work-queue?mine=true&pageSize=20" };
        for (var i = 0; i < 30; i++)
        {
            (await officer.GetAsync(urls[i % 2])).EnsureSuccessStatusCode();
            (await officer.GetAsync("/healthz")).EnsureSuccessStatusCode();
        }
        var queue = new Samples();
        var bare = new Samples();
        var firstPage = 0;
        for (var i = 0; i < requests; i++)
        {
            var sw = Stopwatch.StartNew();
            using (var response = await officer.GetAsync(urls[i % 2]))
            {
                var body = await response.Content.ReadAsStringAsync();
                response.EnsureSuccessStatusCode();
                firstPage = Math.Max(firstPage, body.Split("\"taskId\"").Length - 1);
            }
            queue.Add(sw.Elapsed.TotalMilliseconds);
            sw.Restart();
            using (var response = await officer.GetAsync("/healthz"))
            {
                await response.Content.ReadAsByteArrayAsync();
            }
            bare.Add(sw.Elapsed.TotalMilliseconds);
        }

        // The same query in process: no HTTP, no authentication, no JSON.
        var direct = new Samples();
        var user = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, DemoCitySeeder.DeterministicGuid("user:gaj.officer").ToString()),
            new Claim(ClaimTypes.Name, "gaj.officer"),
            new Claim(SmartGovClaims.DepartmentId, DemoCitySeeder.DeterministicGuid("dept:gaj").ToString()),
            new Claim(ClaimTypes.Role, Roles.Officer),
        ], "bench"));
        for (var i = 0; i < requests; i++)
        {
            await using var scope = hub.Services.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<ApplicationService>();
            var sw = Stopwatch.StartNew();
            var page = await service.QueueAsync(user, i % 2 == 0 ? new WorkQueueQuery(Light: "red", PageSize: 20) : new WorkQueueQuery(Mine: true, PageSize: 20), default);
            direct.Add(sw.Elapsed.TotalMilliseconds);
            if (page.Items.Count == 0)
            {
                throw new InvalidOperationException("the queue is empty: the bulk data does not reach gaj.officer");
            }
        }
        Console.WriteLine($"  GET /api/v1/work-queue (red | mine): {queue}   items on page: {firstPage}");
        Console.WriteLine($"  QueueAsync in process:               {direct}");
        Console.WriteLine($"  baseline GET /healthz:               {bare}");
        Console.WriteLine($"  p95 ratio queue / bare: {queue.P95 / bare.P95:F2}   target p95 < 100 ms: {(queue.P95 < 100 ? "met" : "MISSED")}");
        return new Dictionary<string, object>
        {
            ["applications"] = applications,
            ["openTasks"] = open,
            ["loadSeconds"] = Math.Round(load.Elapsed.TotalSeconds, 1),
            ["queue"] = queue.ToJson(),
            ["direct"] = direct.ToJson(),
            ["bareEndpoint"] = bare.ToJson(),
            ["p95Ratio"] = Math.Round(queue.P95 / bare.P95, 3),
            ["meetsTarget"] = queue.P95 < 100,
        };
    }

    private static string G(Guid g) => g.ToString().ToUpperInvariant();

    /// <summary>Rows as EF Core's SQLite provider writes them: GUIDs as upper-case text, dates as ISO text, enums as integers.</summary>
    private static int BulkInsert(string path, int applications)
    {
        var random = new Random(42);
        var departments = DemoCitySeeder.DepartmentList.Where(d => d.Code is not ("dsj" or "zfb")).Select(d => DemoCitySeeder.DeterministicGuid("dept:" + d.Code)).ToArray();
        var today = ChinaTime.Today(TimeProvider.System);
        var itemId = G(Guid.NewGuid());
        var versionId = G(Guid.NewGuid());
        var openCount = 0;
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous=OFF;";
            pragma.ExecuteNonQuery();
        }
        const string appSql = """
            INSERT INTO applications ("Id","Number","ItemId","ItemVersionId","ImplementationCode","ItemName","DepartmentId","WorkflowId","Channel","RegionCode",
              "ApplicantKind","ApplicantName","CreatedBy","FormData","Status","Stage","LimitDays","AcceptedOn","DueOn","ExtensionDays","CreatedAt","UpdatedAt",
              "SubmittedAt","CompletedOn","OnTime","Visits","Revision")
            VALUES ($id,$number,$item,$version,'BENCH000000000000000000001','居住证办理',$dept,'00000000-0000-0000-0000-000000000000',1,'371800',
              1,$name,$creator,'{}',$status,$stage,10,$accepted,$due,0,$at,$at,$at,$completed,$ontime,0,0)
            """;
        const string taskSql = """
            INSERT INTO application_tasks ("Id","ApplicationId","StepKey","StepName","Kind","Stage","DepartmentId","Role","AssigneeId","AssigneeName","Status",
              "Approvals","Denials","ApplicationNumber","ItemName","ApplicantName","DueOn","OpenedAt","ClosedAt")
            VALUES ($id,$app,$key,$stepName,$kind,$stage,$dept,'Officer',$assignee,$assigneeName,$status,0,0,$number,'居住证办理',$name,$due,$at,$closed)
            """;
        var officer = G(DemoCitySeeder.DeterministicGuid("user:gaj.officer"));
        var gaj = DemoCitySeeder.DeterministicGuid("dept:gaj");
        var done = 0;
        while (done < applications)
        {
            using var tx = connection.BeginTransaction();
            using var app = connection.CreateCommand();
            app.Transaction = tx;
            app.CommandText = appSql;
            var ap = new Dictionary<string, SqliteParameter>();
            foreach (var n in new[] { "$id", "$number", "$item", "$version", "$dept", "$name", "$creator", "$status", "$stage", "$accepted", "$due", "$at", "$completed", "$ontime" })
            {
                ap[n] = app.Parameters.Add(n, SqliteType.Text);
            }
            using var task = connection.CreateCommand();
            task.Transaction = tx;
            task.CommandText = taskSql;
            var tp = new Dictionary<string, SqliteParameter>();
            foreach (var n in new[] { "$id", "$app", "$key", "$stepName", "$kind", "$stage", "$dept", "$assignee", "$assigneeName", "$status", "$number", "$name", "$due", "$at", "$closed" })
            {
                tp[n] = task.Parameters.Add(n, SqliteType.Text);
            }
            app.Prepare();
            task.Prepare();
            var end = Math.Min(applications, done + 50_000);
            for (var i = done; i < end; i++)
            {
                var id = G(Guid.CreateVersion7());
                var dept = departments[random.Next(departments.Length)];
                var submitted = today.AddDays(-random.Next(0, 720));
                var isOpen = random.NextDouble() < 0.03;
                var due = isOpen ? today.AddDays(random.Next(-6, 25)) : submitted.AddDays(14);
                var number = "371800" + submitted.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "80" + (i % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
                var at = submitted.ToDateTime(new TimeOnly(2, 0)).ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
                var name = "张*" + (i % 97).ToString(CultureInfo.InvariantCulture);
                ap["$id"].Value = id;
                ap["$number"].Value = number;
                ap["$item"].Value = itemId;
                ap["$version"].Value = versionId;
                ap["$dept"].Value = G(dept);
                ap["$name"].Value = name;
                ap["$creator"].Value = officer;
                ap["$status"].Value = isOpen ? (int)ApplicationStatus.InReview : (int)ApplicationStatus.Completed;
                ap["$stage"].Value = isOpen ? 1 : 3;
                ap["$accepted"].Value = submitted.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                ap["$due"].Value = due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                ap["$at"].Value = at;
                ap["$completed"].Value = isOpen ? DBNull.Value : submitted.AddDays(random.Next(1, 16)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                ap["$ontime"].Value = isOpen ? DBNull.Value : 1;
                app.ExecuteNonQuery();

                var mine = isOpen && dept == gaj && random.NextDouble() < 0.2;
                tp["$id"].Value = G(Guid.CreateVersion7());
                tp["$app"].Value = id;
                tp["$key"].Value = isOpen ? "review" : "issue";
                tp["$stepName"].Value = isOpen ? "审查" : "制证送达";
                tp["$kind"].Value = isOpen ? (int)StepKind.Review : (int)StepKind.Issue;
                tp["$stage"].Value = isOpen ? 1 : 3;
                tp["$dept"].Value = G(dept);
                tp["$assignee"].Value = mine ? officer : DBNull.Value;
                tp["$assigneeName"].Value = mine ? "gaj.officer" : DBNull.Value;
                tp["$status"].Value = isOpen ? (int)WorkTaskStatus.Open : (int)WorkTaskStatus.Done;
                tp["$number"].Value = number;
                tp["$name"].Value = name;
                tp["$due"].Value = due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                tp["$at"].Value = at;
                tp["$closed"].Value = isOpen ? DBNull.Value : at;
                task.ExecuteNonQuery();
                if (isOpen)
                {
                    openCount++;
                }
            }
            tx.Commit();
            done = end;
        }
        using (var analyze = connection.CreateCommand())
        {
            analyze.CommandText = "PRAGMA synchronous=NORMAL; ANALYZE;";
            analyze.ExecuteNonQuery();
        }
        return openCount;
    }
}
