using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Modules.Applications;
using SmartGov.Hub.Modules.Applications.Model;
using SmartGov.Hub.Modules.Applications.Seeding;
using SmartGov.Hub.Modules.Services;
using SmartGov.Hub.Seeding;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Applications.Seeding.Tests;

/// <summary>The demo city with its 5,000 historical applications, seeded once for the class.</summary>
public sealed class HistoryFactory : SmartGovFactory
{
    public const int Count = 5000;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Seed:HistoricalApplications", Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>
/// What the demo city shows a visitor about applications: every demo item has a real workflow, the dashboards and work
/// queues have 5,000 applications in every state, numbers are well-formed, and seeded work can be done through the API.
/// </summary>
public sealed class DemoApplicationsTests(HistoryFactory factory) : IClassFixture<HistoryFactory>
{
    private static Guid Dept(string code) => HubClient.DepartmentId(code);

    private Task<List<Application>> HistoryAsync() => factory.WithDbAsync(db =>
        db.Set<Application>().AsNoTracking().Where(a => a.Number != null && a.Number.Substring(14, 2) == ApplicationsDemoSeeder.HistoryNode).ToListAsync());

    private static async Task<string> CodeOfAsync(HttpClient client, string name)
    {
        var result = await (await client.GetAsync("/api/v1/services?q=" + Uri.EscapeDataString(name) + "&pageSize=50")).ReadJsonAsync();
        return result.GetProperty("items").EnumerateArray().First(i => i.Str("name") == name).Str("implementationCode")!;
    }

    [Fact]
    public async Task Every_demo_item_has_a_valid_published_workflow()
    {
        var rows = await factory.WithDbAsync(db => db.Set<WorkflowDefinition>().AsNoTracking().ToListAsync());
        Assert.True(rows.Select(r => r.ImplementationCode).Distinct().Count() >= 30, $"only {rows.Count} workflows");
        foreach (var row in rows)
        {
            var errors = WorkflowDefinitionDocument.FromJson(row.Json).Validate();
            Assert.True(errors.Count == 0, $"{row.ImplementationCode}: {string.Join("; ", errors.Select(e => e.MessageEn))}");
        }
        // Every one of the 36 demo items got its own (none is left on the built-in default).
        Assert.Equal(36, rows.Select(r => r.ImplementationCode).Distinct().Count());
    }

    [Fact]
    public async Task The_planning_permit_is_reviewed_in_parallel_by_three_departments_and_issues_its_licence()
    {
        using var anonymous = factory.CreateApiClient();
        var code = await CodeOfAsync(anonymous, "建设工程规划许可证核发");
        var versions = await (await anonymous.GetAsync($"/api/v1/service-items/{code}/workflow")).ReadJsonAsync();
        var current = versions.EnumerateArray().First();
        Assert.Equal(1, current.GetProperty("version").GetInt32());
        var definition = current.GetProperty("definition");
        var reviews = definition.GetProperty("steps").EnumerateArray().Where(s => s.Str("kind") == "Review").ToList();
        Assert.Equal(3, reviews.Count);
        Assert.Single(reviews.Select(s => s.GetProperty("stage").GetInt32()).Distinct());
        Assert.Equal(new[] { Dept("gaj"), Dept("zjj"), Dept("zrzy") }.Order(), reviews.Select(s => s.GetProperty("departmentId").GetGuid()).Order());
        Assert.Equal("zrzy.construction-planning-permit", definition.Str("resultLicenceTypeCode"));
        var decision = definition.GetProperty("steps").EnumerateArray().Single(s => s.Str("kind") == "Decision");
        Assert.Equal("DepartmentLeader", decision.Str("role"));

        // Licences named consistently with the catalog's shared materials.
        Assert.Equal("gaj.residence-permit", await LicenceOfAsync(anonymous, "居住证办理"));
        Assert.Equal("mzj.marriage-certificate", await LicenceOfAsync(anonymous, "结婚登记"));
        Assert.Equal("scjg.food-business-licence", await LicenceOfAsync(anonymous, "食品经营许可"));
        Assert.Equal("scjg.business-licence", await LicenceOfAsync(anonymous, "企业设立登记"));
    }

    private static async Task<string?> LicenceOfAsync(HttpClient client, string name)
    {
        var code = await CodeOfAsync(client, name);
        var versions = await (await client.GetAsync($"/api/v1/service-items/{code}/workflow")).ReadJsonAsync();
        return versions.EnumerateArray().First().GetProperty("definition").Str("resultLicenceTypeCode");
    }

    [Fact]
    public async Task The_minimum_living_allowance_survey_is_countersigned_by_two_officers()
    {
        using var anonymous = factory.CreateApiClient();
        var code = await CodeOfAsync(anonymous, "最低生活保障审核确认");
        var versions = await (await anonymous.GetAsync($"/api/v1/service-items/{code}/workflow")).ReadJsonAsync();
        var survey = versions.EnumerateArray().First().GetProperty("definition").GetProperty("steps").EnumerateArray().Single(s => s.Str("key") == "survey");
        Assert.Equal("All", survey.Str("countersign"));
        Assert.Equal(2, survey.GetProperty("approvers").GetInt32());
    }

    [Fact]
    public async Task Five_thousand_applications_in_a_realistic_mix_of_states()
    {
        var apps = await HistoryAsync();
        Assert.Equal(HistoryFactory.Count, apps.Count);
        var by = apps.GroupBy(a => a.Status).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(by.GetValueOrDefault(ApplicationStatus.Completed) > apps.Count * 0.7, $"completed {by.GetValueOrDefault(ApplicationStatus.Completed)}");
        foreach (var s in new[] { ApplicationStatus.IntakeRefused, ApplicationStatus.Withdrawn, ApplicationStatus.InReview, ApplicationStatus.SupplementRequested,
                     ApplicationStatus.SpecialProcedure, ApplicationStatus.Submitted, ApplicationStatus.Decided })
        {
            Assert.True(by.GetValueOrDefault(s) > 0, $"no application is {s}");
        }
        var completed = apps.Where(a => a.Status == ApplicationStatus.Completed).ToList();
        Assert.Contains(completed, a => a.Decision == Decision.Denied);
        Assert.All(completed, a => Assert.NotNull(a.CompletedOn));
        var onTime = completed.Count(a => a.OnTime == true) / (double)completed.Count;
        Assert.InRange(onTime, 0.88, 0.97);

        // Red (overdue) and yellow applications under review, for the traffic lights.
        var today = ChinaTime.Today(TimeProvider.System);
        var cal = await factory.Services.GetRequiredService<IWorkingCalendar>().GetAsync();
        var inReview = apps.Where(a => a.Status == ApplicationStatus.InReview).ToList();
        Assert.Contains(inReview, a => a.DueOn < today);
        Assert.Contains(inReview, a => a.DueOn >= today && a.DueOn <= cal.AddWorkingDays(today, 2));

        // Both channels, window ones at a hall; more residence permits than construction planning permits.
        Assert.Contains(apps, a => a.Channel == ApplicationChannel.Online);
        Assert.All(apps.Where(a => a.Channel == ApplicationChannel.Window), a => Assert.NotNull(a.HallId));
        Assert.True(apps.Count(a => a.ItemName == "居住证办理") > 3 * apps.Count(a => a.ItemName == "建设工程规划许可证核发"));
        Assert.All(apps.Where(a => a.ItemName == "建设工程规划许可证核发"), a => Assert.Equal(ApplicantKind.Business, a.ApplicantKind));
        // Over the past half year, and never in the future.
        Assert.All(apps, a => Assert.InRange(ChinaTime.ToDate(a.SubmittedAt!.Value), today.AddDays(-181), today));
        Assert.All(apps.Where(a => a.Channel == ApplicationChannel.Window), a => Assert.NotNull(a.ApplicantIdCipher));
    }

    [Fact]
    public async Task Numbers_are_unique_well_formed_and_on_their_own_node()
    {
        var apps = await HistoryAsync();
        Assert.Equal(apps.Count, apps.Select(a => a.Number).Distinct().Count());
        foreach (var a in apps)
        {
            Assert.True(ApplicationNumbers.IsWellFormed(a.Number), a.Number);
            Assert.Equal(a.RegionCode[..6], a.Number![..6]);
            Assert.Equal(ChinaTime.ToDate(a.SubmittedAt!.Value).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture), a.Number[6..14]);
            Assert.Equal("90", a.Number[14..16]);
        }
    }

    [Fact]
    public async Task In_flight_applications_have_open_tasks_and_finished_ones_have_none()
    {
        var apps = (await HistoryAsync()).ToDictionary(a => a.Id);
        var open = await factory.WithDbAsync(db => db.Set<WorkTask>().AsNoTracking().Where(t => t.Status == WorkTaskStatus.Open)
            .Select(t => new { t.ApplicationId, t.Kind, t.ApplicationNumber }).ToListAsync());
        var withOpen = open.Select(t => t.ApplicationId).ToHashSet();
        foreach (var a in apps.Values)
        {
            var inFlight = a.Status is ApplicationStatus.Submitted or ApplicationStatus.InReview or ApplicationStatus.Decided or ApplicationStatus.SpecialProcedure;
            Assert.True(inFlight == withOpen.Contains(a.Id), $"{a.Number} is {a.Status} with{(withOpen.Contains(a.Id) ? "" : "out")} open tasks");
        }
        Assert.All(open.Where(t => apps.ContainsKey(t.ApplicationId)), t => Assert.Equal(apps[t.ApplicationId].Number, t.ApplicationNumber));
        Assert.All(open.Where(t => t.Kind == StepKind.Intake), t => Assert.Equal(ApplicationStatus.Submitted, apps[t.ApplicationId].Status));
    }

    [Fact]
    public async Task An_officer_sees_overdue_seeded_work_in_the_queue()
    {
        var today = ChinaTime.Today(TimeProvider.System);
        var red = await factory.WithDbAsync(db => db.Set<WorkTask>().AsNoTracking()
            .Where(t => t.Status == WorkTaskStatus.Open && t.Role == "Officer" && t.DueOn < today && t.ApplicationNumber.Substring(14, 2) == "90")
            .Select(t => t.DepartmentId).ToListAsync());
        Assert.NotEmpty(red);
        var dept = red.GroupBy(d => d).OrderByDescending(g => g.Count()).First().Key;
        var code = DemoCitySeeder.DepartmentList.Single(d => Dept(d.Code) == dept).Code;
        using var officer = await factory.SignedInStaffAsync(code + ".officer");
        var page = await (await officer.GetAsync("/api/v1/work-queue?light=red&pageSize=20")).ReadJsonAsync();
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.Equal("Red", i.Str("light")));
    }

    [Fact]
    public async Task An_officer_approves_a_seeded_application_and_it_moves_on()
    {
        // A seeded application under review whose open step is a single department's plain review.
        var candidates = await factory.WithDbAsync(db => (
            from t in db.Set<WorkTask>().AsNoTracking()
            join a in db.Set<Application>().AsNoTracking() on t.ApplicationId equals a.Id
            where t.Status == WorkTaskStatus.Open && t.Kind == StepKind.Review && t.Role == "Officer" && a.Status == ApplicationStatus.InReview
                  && a.Number!.Substring(14, 2) == "90" && t.AssigneeId == null
            select new { t.Id, t.ApplicationId, t.DepartmentId, t.StepKey, t.Stage }).ToListAsync());
        var task = candidates.First(c => candidates.Count(x => x.ApplicationId == c.ApplicationId) == 1 && c.StepKey != "survey" && c.StepKey != "joint");
        var code = DemoCitySeeder.DepartmentList.Single(d => Dept(d.Code) == task.DepartmentId).Code;
        using var officer = await factory.SignedInStaffAsync(code + ".officer");

        var response = await officer.PostAsJsonAsync($"/api/v1/applications/{task.ApplicationId}/actions", new { action = "Approve", taskId = task.Id, comment = "审查通过" });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var view = JsonDocument.Parse(text).RootElement;
        var tasks = view.GetProperty("tasks").EnumerateArray().ToList();
        Assert.Equal("Done", tasks.Single(t => t.GetProperty("id").GetGuid() == task.Id).Str("status"));
        // The next stage's work is open now.
        Assert.Contains(tasks, t => t.Str("status") == "Open" && t.GetProperty("stage").GetInt32() > task.Stage);

        var history = await (await officer.GetAsync($"/api/v1/applications/{task.ApplicationId}/history")).ReadJsonAsync();
        var actions = history.EnumerateArray().Select(e => e.Str("action")).ToList();
        Assert.Equal("Submit", actions[0]);
        Assert.Contains("Accept", actions);
        Assert.Equal("Approve", actions[^1]);
    }

    [Fact]
    public async Task The_demo_citizen_sees_their_past_applications()
    {
        using var citizen = await factory.SignedInCitizenAsync(DemoCitySeeder.DemoCitizen.IdNumber);
        var mine = await (await citizen.GetAsync("/api/v1/applications")).ReadJsonAsync();
        var numbers = mine.EnumerateArray().Select(a => a.Str("number")).Where(n => n is not null && n[14..16] == "90").ToList();
        Assert.NotEmpty(numbers);
    }

    [Fact]
    public async Task Seeding_again_adds_nothing()
    {
        var before = await factory.WithDbAsync(async db => (await db.Set<Application>().CountAsync(), await db.Set<WorkflowDefinition>().CountAsync(),
            await db.Set<WorkTask>().CountAsync()));
        await using var scope = factory.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<ApplicationsDemoSeeder>().SeedAsync();
        Assert.Equal(0, result.Workflows);
        Assert.Equal(0, result.Applications);
        var after = await factory.WithDbAsync(async db => (await db.Set<Application>().CountAsync(), await db.Set<WorkflowDefinition>().CountAsync(),
            await db.Set<WorkTask>().CountAsync()));
        Assert.Equal(before.Item2, after.Item2);
        Assert.Equal(before.Item1, after.Item1);
    }
}
