using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartGov.Core;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Common;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Applications.Model;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Identity;
using SmartGov.Hub.Modules.Organizations;
using SmartGov.Hub.Modules.Services;
using SmartGov.Hub.PersonalData;
using SmartGov.Hub.Seeding;

namespace SmartGov.Hub.Modules.Applications.Seeding;

/// <summary>What one run of the seeder added.</summary>
public sealed record ApplicationsSeedResult(int Workflows, int Applications, TimeSpan Elapsed, TimeSpan Saving = default);

/// <summary>
/// The demo city's applications (办件): a workflow for every demo item, published through <see cref="WorkflowStore"/> as the
/// item department's data administrator (so it passes the editor's checks and is audited), then
/// Seed:HistoricalApplications historical applications over the past ~180 days for the dashboards and work queues.
/// <para>
/// Deterministic for a given day (a fixed random seed) and idempotent: workflows are published only for items without
/// one, and the history is skipped when any application numbered on node <see cref="HistoryNode"/> exists.
/// History is numbered on node "90", a node id no hub is configured with, so live numbering (Applications:NodeId,
/// "01" by default) can never hand out a seeded number.
/// </para>
/// </summary>
public sealed class ApplicationsDemoSeeder(
    SmartGovDbContext db,
    WorkflowStore workflows,
    IServiceCatalog catalog,
    IWorkingCalendar calendar,
    IOrganizationDirectory organizations,
    IPersonalDataCipher cipher,
    IPersonDirectory people,
    IAuditSink audit,
    TimeProvider clock,
    IOptions<ApplicationsOptions> applicationOptions,
    IOptions<ApplicationsSeedOptions> seedOptions,
    ILogger<ApplicationsDemoSeeder> logger)
{
    /// <summary>The node id in the numbers of seeded applications (positions 15–16 of the 22 digits).</summary>
    public const string HistoryNode = "90";

    private const int RandomSeed = 20260601;
    private const int Days = 180;
    private const int BatchSize = 1000;

    private static readonly JsonSerializerOptions FormJson = new(JsonSerializerDefaults.Web);

    public async Task<ApplicationsSeedResult> SeedAsync(CancellationToken ct = default)
    {
        var watch = Stopwatch.StartNew();
        var published = await SeedWorkflowsAsync(ct);
        var (applications, saving) = await SeedHistoryAsync(seedOptions.Value.HistoricalApplications, ct);
        watch.Stop();
        if (published + applications > 0)
        {
            logger.LogInformation("Seeded demo applications: {Workflows} workflows, {Applications} historical applications in {Seconds:F1} s",
                published, applications, watch.Elapsed.TotalSeconds);
        }
        return new(published, applications, watch.Elapsed, saving);
    }

    // ---------------------------------------------------------------- workflows

    /// <summary>The implementation code ServiceItemAdmin gave a demo item: department credit code + basic code + "01".</summary>

    private async Task<int> SeedWorkflowsAsync(CancellationToken ct)
    {
        var departments = (await organizations.ListDepartmentsAsync(ct)).ToDictionary(d => d.Id);
        var definitions = DemoWorkflows.All().ToDictionary(e => e.BasicCode);
        var count = 0;
        var deptCodes = DemoCitySeeder.DepartmentList.ToDictionary(d => DemoCitySeeder.DeterministicGuid("dept:" + d.Code), d => d.Code);
        foreach (var item in await CatalogItemsAsync(ct))
        {
            if (!departments.ContainsKey(item.DepartmentId) || !deptCodes.TryGetValue(item.DepartmentId, out var deptCode)
                || !definitions.TryGetValue(item.BasicCode, out var entry))
            {
                continue;
            }
            var code = item.ImplementationCode;
            var departmentId = item.DepartmentId;
            if (await db.Set<WorkflowDefinition>().AnyAsync(w => w.ImplementationCode == code, ct))
            {
                continue;
            }
            var result = await workflows.PublishAsync(DataAdministrator(deptCode, departmentId), code, entry.Definition, ct);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"The demo workflow of {entry.Name} was refused: " +
                    string.Join("; ", (result.Errors ?? []).Select(e => $"{e.Field}: {e.MessageEn}")) + result.Forbidden?.En + result.Conflict?.En);
            }
            count++;
        }
        return count;
    }

    private static ClaimsPrincipal DataAdministrator(string department, Guid departmentId) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, DemoCitySeeder.DeterministicGuid("user:" + department + ".data").ToString()),
        new Claim(ClaimTypes.Name, department + ".data"),
        new Claim(SmartGovClaims.DepartmentId, departmentId.ToString()),
        new Claim(ClaimTypes.Role, Roles.DataAdministrator),
    ], "demo-seed"));

    // ---------------------------------------------------------------- history

    /// <summary>How often each demo item is applied for, relative to the others (by basic code); 2 when not listed.</summary>
    private static readonly Dictionary<string, double> Popularity = new()
    {
        ["2010008000"] = 14, // 居住证办理
        ["2010016000"] = 12, // 社会保障卡申领
        ["2010009000"] = 8,  // 居民身份证换领
        ["0710001000"] = 6,  // 结婚登记
        ["0110012000"] = 6,  // 个体工商户登记
        ["2010033000"] = 6,  // 发票领用
        ["0710007000"] = 5,  // 出生登记
        ["0110011000"] = 5,  // 企业设立登记
        ["2010035000"] = 5,  // 个税汇算
        ["0710029000"] = 5,  // 不动产转移登记
        ["0710006000"] = 4,  // 户口迁移
        ["0110015000"] = 4,  // 食品经营许可
        ["2010020000"] = 4,  // 就业登记
        ["2010030000"] = 4,  // 入学登记
        ["0510017000"] = 3,
        ["0510018000"] = 3,
        ["0710021000"] = 3,
        ["0110013000"] = 3,
        ["0110027000"] = 1,  // 建设工程规划许可证核发
        ["0110028000"] = 1,
        ["0110025000"] = 1,
        ["0110036000"] = 1,
        ["0110026000"] = 0.5,
    };

    private sealed record Citizen(Guid Id, string Name, string IdNumber, string Index, string Masked, byte[]? MobileCipher, string? MobileMasked);

    private sealed record Company(string Name, string CreditCode, Guid RepresentativeId);

    private sealed record Plan(ServiceItemView Item, Guid WorkflowId, WorkflowDefinitionDocument Definition, double Weight, IReadOnlyList<ServiceHallInfo> Halls);

    /// <summary>Raw rows of the demo citizens, read once (see <see cref="LoadCitizensAsync"/>).</summary>

    private async Task<(int Count, TimeSpan Saving)> SeedHistoryAsync(int count, CancellationToken ct)
    {
        if (count <= 0 || await db.Set<Application>().AnyAsync(a => a.Number != null && a.Number.Substring(14, 2) == HistoryNode, ct))
        {
            return (0, TimeSpan.Zero);
        }
        var plans = await LoadPlansAsync(ct);
        var citizens = await LoadCitizensAsync(ct);
        var companies = await LoadCompaniesAsync(ct);
        if (plans.Count == 0 || citizens.Count == 0)
        {
            return (0, TimeSpan.Zero);
        }
        var cal = await calendar.GetAsync(ct);
        var generator = new HistoryGenerator(new Random(RandomSeed), cal, ChinaTime.Today(clock), clock.GetUtcNow().UtcDateTime, plans, citizens, companies,
            applicationOptions.Value, cipher);

        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var made = 0;
        var saving = new Stopwatch();
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            while (made < count)
            {
                var batch = Math.Min(BatchSize, count - made);
                for (var i = 0; i < batch; i++)
                {
                    generator.Next(db);
                }
                saving.Start();
                await db.SaveChangesAsync(ct);
                saving.Stop();
                db.ChangeTracker.Clear();
                made += batch;
            }
            audit.Record(new AuditEvent(AuditActions.Import, SubjectType: "application", SubjectId: "demo-history",
                Details: $"示范数据：生成历史办件 {made} 件（编号节点 {HistoryNode}）"));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        finally
        {
            db.ChangeTracker.Clear();
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
        return (made, saving.Elapsed);
    }

    /// <summary>Every item in the catalog, current version, through the Services module's public interface.</summary>
    private async Task<List<ServiceItemView>> CatalogItemsAsync(CancellationToken ct)
    {
        var items = new List<ServiceItemView>();
        for (var page = 1; ; page++)
        {
            var result = await catalog.SearchAsync(new ServiceSearchQuery(Page: page, PageSize: 100), ct);
            foreach (var hit in result.Items)
            {
                if (await catalog.FindCurrentAsync(hit.ImplementationCode, ct) is { } item)
                {
                    items.Add(item);
                }
            }
            if (page * result.PageSize >= result.Total || result.Items.Count == 0)
            {
                return items.OrderBy(i => i.ImplementationCode, StringComparer.Ordinal).ToList();
            }
        }
    }

    private async Task<List<Plan>> LoadPlansAsync(CancellationToken ct)
    {
        var departments = (await organizations.ListDepartmentsAsync(ct)).ToDictionary(d => d.Id);
        var halls = (await organizations.ListServiceHallsAsync(ct)).OrderBy(h => h.Id).ToList();
        var plans = new List<Plan>();
        foreach (var item in await CatalogItemsAsync(ct))
        {
            if (!departments.ContainsKey(item.DepartmentId))
            {
                continue;
            }
            var (workflowId, definition) = await workflows.CurrentAsync(item.ImplementationCode, ct);
            var allowed = halls.Where(h => item.CityWide || item.HallIds.Contains(h.Id)).ToList();
            plans.Add(new Plan(item, workflowId, definition, Popularity.GetValueOrDefault(item.BasicCode, 2), allowed));
        }
        return plans;
    }

    /// <summary>The demo citizens, through the Identity module's directory; the README's citizen first.</summary>
    private async Task<List<Citizen>> LoadCitizensAsync(CancellationToken ct)
    {
        var rows = await people.ListCitizensAsync(2000, ct);
        var demoIndex = cipher.BlindIndex(PersonalDataKind.IdNumber, DemoCitySeeder.DemoCitizen.IdNumber);
        return rows.OrderBy(r => r.IdNumberIndex == demoIndex ? 0 : 1).ThenBy(r => r.IdNumberIndex, StringComparer.Ordinal)
            .Select(r => new Citizen(r.Id, r.DisplayName, cipher.Unprotect(r.IdNumberCipher), r.IdNumberIndex, r.IdNumberMasked ?? "",
                r.MobileCipher, r.MobileMasked)).ToList();
    }

    private async Task<List<Company>> LoadCompaniesAsync(CancellationToken ct) =>
        (await people.ListBusinessesAsync(ct)).Select(r => new Company(r.Name, r.CreditCode, r.LegalRepresentativeId)).ToList();

    /// <summary>Makes one application at a time, with its materials, tasks, votes, pauses and history lines.</summary>
    private sealed class HistoryGenerator(Random random, HolidayCalendar cal, DateOnly today, DateTime now, List<Plan> plans, List<Citizen> citizens,
        List<Company> companies, ApplicationsOptions options, IPersonalDataCipher cipher)
    {
        private readonly double _totalWeight = plans.Sum(p => p.Weight);
        private readonly Dictionary<string, int> _sequences = new(StringComparer.Ordinal);
        private readonly Dictionary<Guid, string> _deptCodes = DemoCitySeeder.DepartmentList
            .ToDictionary(d => DemoCitySeeder.DeterministicGuid("dept:" + d.Code), d => d.Code);
        private readonly Guid _xzsp = DemoCitySeeder.DeterministicGuid("dept:xzsp");

        /// <summary>The tasks of the application being made.</summary>
        private readonly List<WorkTask> _tasks = [];

        private Guid NewId()
        {
            Span<byte> b = stackalloc byte[16];
            random.NextBytes(b);
            b[7] = (byte)((b[7] & 0x0F) | 0x40);
            b[8] = (byte)((b[8] & 0x3F) | 0x80);
            return new Guid(b);
        }

        private Plan PickPlan()
        {
            var x = random.NextDouble() * _totalWeight;
            foreach (var p in plans)
            {
                x -= p.Weight;
                if (x < 0)
                {
                    return p;
                }
            }
            return plans[^1];
        }

        /// <summary>A day in the past ~180 days: working days far more often (the halls are closed, fewer people apply online).</summary>
        private DateOnly PickDay(bool window)
        {
            while (true)
            {
                var d = today.AddDays(-random.Next(0, Days));
                if (cal.IsWorkingDay(d) || (!window && random.NextDouble() < 0.12))
                {
                    return d;
                }
            }
        }

        /// <summary>A moment of that day in China time, as UTC, never after now.</summary>
        private DateTime At(DateOnly day, bool window, double minHour = 0)
        {
            var hour = window ? 9 + random.NextDouble() * 8 : 7.5 + random.NextDouble() * 15;
            hour = Math.Max(hour, minHour);
            var local = day.ToDateTime(TimeOnly.MinValue).AddHours(Math.Min(hour, 23.9));
            var utc = DateTime.SpecifyKind(local - ChinaTime.Offset, DateTimeKind.Utc);
            if (utc <= now)
            {
                return utc;
            }
            // Today, later than now: somewhen between the start of today (China time) and now, so the number's date holds.
            var dayStart = DateTime.SpecifyKind(day.ToDateTime(TimeOnly.MinValue) - ChinaTime.Offset, DateTimeKind.Utc);
            var span = Math.Max(0, (now - dayStart).TotalMinutes);
            return dayStart.AddMinutes(span * random.NextDouble());
        }

        private string Number(string region, DateOnly day)
        {
            var scope = region + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + HistoryNode;
            var seq = _sequences.GetValueOrDefault(scope) + 1;
            _sequences[scope] = seq;
            return scope + seq.ToString("D6", CultureInfo.InvariantCulture);
        }

        private string Officer(Guid department) => _deptCodes.GetValueOrDefault(department, "xzsp") + ".officer";

        private string Leader(Guid department) => _deptCodes.GetValueOrDefault(department, "xzsp") + ".leader";

        private static Guid UserId(string userName) => DemoCitySeeder.DeterministicGuid("user:" + userName);

        public void Next(SmartGovDbContext db)
        {
            _tasks.Clear();
            var plan = PickPlan();
            var item = plan.Item;
            var definition = plan.Definition;
            var window = item.HandlingForm switch
            {
                HandlingForm.Window => true,
                HandlingForm.Online => false,
                _ => random.NextDouble() < 0.45,
            };
            if (window && plan.Halls.Count == 0)
            {
                window = false;
            }
            var hall = window ? plan.Halls[random.Next(plan.Halls.Count)] : null;
            var submitDay = PickDay(window);
            var submittedAt = At(submitDay, window);
            var clerk = $"clerk{random.Next(1, 5)}";

            // The applicant: a business for legal-person items (and some of the mixed ones), else a citizen.
            var legal = item.ApplicantTypes.HasFlag(ApplicantTypes.LegalPerson) || item.ApplicantTypes.HasFlag(ApplicantTypes.OtherOrganization);
            var natural = item.ApplicantTypes.HasFlag(ApplicantTypes.NaturalPerson) || item.ApplicantTypes == ApplicantTypes.None;
            var asBusiness = companies.Count > 0 && legal && (!natural || random.NextDouble() < 0.3);
            var company = asBusiness ? companies[random.Next(companies.Count)] : null;
            var person = company is not null ? citizens.FirstOrDefault(c => c.Id == company.RepresentativeId) ?? citizens[0]
                : random.NextDouble() < 0.004 ? citizens[0] : citizens[random.Next(citizens.Count)];

            var app = new Application
            {
                Id = NewId(),
                ItemId = item.ItemId,
                ItemVersionId = item.VersionId,
                ImplementationCode = item.ImplementationCode,
                ItemName = item.Name,
                DepartmentId = item.DepartmentId,
                WorkflowId = plan.WorkflowId,
                Channel = window ? ApplicationChannel.Window : ApplicationChannel.Online,
                HallId = hall?.Id,
                RegionCode = window ? hall!.RegionCode[..6] : options.CityRegionCode,
                ApplicantKind = company is null ? ApplicantKind.Person : ApplicantKind.Business,
                ApplicantUserId = person.Id,
                ApplicantName = company?.Name ?? person.Name,
                ApplicantIdIndex = person.Index,
                ApplicantIdMasked = company?.CreditCode ?? person.Masked,
                TrackingCheck = company is not null ? company.CreditCode[^4..] : person.IdNumber[^4..],
                BusinessName = company?.Name,
                BusinessCreditCode = company?.CreditCode,
                CreatedBy = window ? UserId(clerk) : person.Id,
                FormData = JsonSerializer.Serialize(Form(item, person, company), FormJson),
                LimitDays = item.PromisedDays > 0 ? item.PromisedDays : item.StatutoryDays,
                CreatedAt = window ? submittedAt : submittedAt.AddMinutes(-random.Next(2, 90)),
                SubmittedAt = submittedAt,
                Visits = window ? 1 : 0,
            };
            if (window)
            {
                app.ApplicantIdCipher = cipher.Protect(person.IdNumber);
                app.MobileCipher = person.MobileCipher;
                app.MobileMasked = person.MobileMasked;
            }
            app.Number = Number(app.RegionCode, submitDay);
            db.Add(app);
            AddMaterials(db, app, item, window, submittedAt);

            var events = new List<ApplicationEvent>();
            void Event(DateTime at, ApplicationAction action, ApplicationStatus from, ApplicationStatus to, string? step, Guid? dept, string? actor, string? comment = null) =>
                events.Add(new ApplicationEvent
                {
                    ApplicationId = app.Id, At = at, Action = action, StepName = step, DepartmentId = dept, ActorId = actor is null ? null : UserId(actor),
                    ActorName = actor, FromStatus = from, ToStatus = to, Comment = comment,
                });
            Event(submittedAt, ApplicationAction.Submit, ApplicationStatus.Draft, ApplicationStatus.Submitted, null,
                window ? _xzsp : item.DepartmentId, window ? clerk : null, window ? "窗口收件" : "网上提交");

            var intakeStep = definition.Steps.First(s => s.Kind == StepKind.Intake);
            var intakeDept = window ? _xzsp : intakeStep.DepartmentId ?? item.DepartmentId;
            var intakeRole = window ? Roles.WindowClerk : intakeStep.Role;
            var intakeActor = window ? clerk : Officer(intakeDept);
            var intakeDue = cal.AddWorkingDays(submitDay, options.IntakeDays);
            var intake = NewTask(app, intakeStep, intakeDept, intakeRole, intakeDue, submittedAt);
            db.Add(intake);

            // The intake decision: at the window on the spot; online within a couple of working days.
            var intakeDay = window ? submitDay : cal.AddWorkingDays(submitDay, random.NextDouble() < 0.35 && cal.IsWorkingDay(submitDay) ? 0 : random.Next(1, 3));
            var fate = random.NextDouble();
            if (intakeDay > today || (intakeDay == today && random.NextDouble() < 0.5))
            {
                // Still waiting for intake.
                app.Status = ApplicationStatus.Submitted;
                app.Stage = intakeStep.Stage;
                app.UpdatedAt = submittedAt;
                db.AddRange(events);
                return;
            }
            var intakeAt = Later(At(intakeDay, true), submittedAt);
            if (fate < 0.025)
            {
                app.Status = ApplicationStatus.IntakeRefused;
                app.RefusalReason = "申请事项不属于本机关职权范围，已告知向有关机关申请";
                app.CompletedAt = intakeAt;
                app.CompletedOn = intakeDay;
                app.UpdatedAt = intakeAt;
                Close(intake, intakeActor, intakeAt, "不予受理");
                Event(intakeAt, ApplicationAction.RefuseIntake, ApplicationStatus.Submitted, ApplicationStatus.IntakeRefused, intake.StepName, intakeDept, intakeActor,
                    app.RefusalReason);
                db.AddRange(events);
                return;
            }
            if (fate < 0.035)
            {
                app.Status = ApplicationStatus.Withdrawn;
                app.CompletedAt = intakeAt;
                app.UpdatedAt = intakeAt;
                intake.Status = WorkTaskStatus.Cancelled;
                intake.Outcome = "申请人撤回";
                intake.ClosedAt = intakeAt;
                Event(intakeAt, ApplicationAction.Withdraw, ApplicationStatus.Submitted, ApplicationStatus.Withdrawn, null, item.DepartmentId, null, "不再需要办理");
                db.AddRange(events);
                return;
            }
            if (fate < 0.075)
            {
                // 一次性告知补正 at intake; the applicant supplies a few days later, or has not yet.
                var note = SupplementNote(item);
                Close(intake, intakeActor, intakeAt, "一次性告知补正");
                intake.Status = WorkTaskStatus.Done;
                Event(intakeAt, ApplicationAction.RequestSupplement, ApplicationStatus.Submitted, ApplicationStatus.SupplementRequested, intake.StepName, intakeDept,
                    intakeActor, note);
                var suppliedDay = cal.AddWorkingDays(intakeDay, random.Next(1, 6));
                if (suppliedDay >= today)
                {
                    app.Status = ApplicationStatus.SupplementRequested;
                    app.SupplementNote = note;
                    app.Stage = intakeStep.Stage;
                    app.UpdatedAt = intakeAt;
                    db.AddRange(events);
                    return;
                }
                var suppliedAt = At(suppliedDay, false);
                Event(suppliedAt, ApplicationAction.Supplement, ApplicationStatus.SupplementRequested, ApplicationStatus.Submitted, null, item.DepartmentId, null, note);
                intake = NewTask(app, intakeStep, intakeDept, intakeRole, cal.AddWorkingDays(suppliedDay, options.IntakeDays), suppliedAt);
                db.Add(intake);
                intakeDay = window ? suppliedDay : cal.AddWorkingDays(suppliedDay, 1);
                if (intakeDay >= today)
                {
                    app.Status = ApplicationStatus.Submitted;
                    app.Stage = intakeStep.Stage;
                    app.UpdatedAt = suppliedAt;
                    db.AddRange(events);
                    return;
                }
                intakeAt = Later(At(intakeDay, true), suppliedAt);
            }

            // Accepted: the clock starts the next working day (the day of acceptance does not count).
            app.AcceptedOn = intakeDay;
            app.DueOn = Deadlines.DueDate(cal, intakeDay, app.LimitDays);
            Close(intake, intakeActor, intakeAt, "受理");
            Event(intakeAt, ApplicationAction.Accept, ApplicationStatus.Submitted, ApplicationStatus.InReview, intake.StepName, intakeDept, intakeActor, window ? "窗口当场受理" : null);

            // How long it takes in working days: mostly within the promise, some late (about 7%).
            var limit = app.LimitDays;
            var late = random.NextDouble() < 0.07;
            var took = late ? limit + random.Next(1, 5) : limit == 0 ? 0 : random.Next(Math.Max(1, (int)Math.Ceiling(limit * 0.3)), limit + 1);
            // Some late ones are still stuck today, past their due date: red on the work queues and the dashboard.
            var elapsedSoFar = cal.CountWorkingDays(intakeDay, today);
            if (late && elapsedSoFar > limit && elapsedSoFar <= limit + 15 && random.NextDouble() < 0.5)
            {
                took = elapsedSoFar + 1 + random.Next(0, 3);
            }
            var issueDay = cal.AddWorkingDays(intakeDay, took);
            var decideDay = took >= 2 ? cal.AddWorkingDays(intakeDay, took - 1) : issueDay;

            var stages = definition.Stages.Where(s => s > intakeStep.Stage).ToList(); // review stages…, decision, issue
            var decisionStage = definition.Steps.First(s => s.Kind == StepKind.Decision).Stage;
            var reviewStages = stages.Where(s => s < decisionStage).ToList();
            var completed = issueDay < today || (issueDay == today && random.NextDouble() < 0.3);
            var elapsed = cal.CountWorkingDays(intakeDay, today);

            // The stage the application stands at: every stage before it is done.
            int current;
            if (completed)
            {
                current = int.MaxValue;
            }
            else if (today >= issueDay || (today >= decideDay && random.NextDouble() < 0.5))
            {
                current = stages[^1];
            }
            else
            {
                var progress = Math.Clamp(took == 0 ? 0 : (double)elapsed / took, 0, 0.999);
                var open = reviewStages.Append(decisionStage).ToList();
                current = open[Math.Min(open.Count - 1, (int)(progress * open.Count))];
            }

            var approved = random.NextDouble() >= 0.06;
            var status = ApplicationStatus.InReview;
            var clockAt = intakeAt;
            var spanDays = Math.Max(1, cal.CountWorkingDays(intakeDay, completed ? issueDay : today));
            var stageIndex = 0;
            foreach (var stage in stages)
            {
                stageIndex++;
                if (stage > current)
                {
                    break;
                }
                var steps = definition.StepsOf(stage);
                var stageDay = cal.AddWorkingDays(intakeDay, Math.Min(spanDays, Math.Max(0, spanDays * stageIndex / stages.Count)));
                if (stageDay > today)
                {
                    stageDay = today;
                }
                var openedAt = clockAt;
                if (stage == current)
                {
                    // In flight: the stage's tasks are open (in a parallel stage some departments may have signed already).
                    var anyOpen = false;
                    for (var i = 0; i < steps.Count; i++)
                    {
                        var step = steps[i];
                        var dept = step.DepartmentId ?? item.DepartmentId;
                        var task = NewTask(app, step, dept, step.Role, app.DueOn, openedAt);
                        db.Add(task);
                        var last = i == steps.Count - 1;
                        if (steps.Count > 1 && !(last && !anyOpen) && random.NextDouble() < 0.4)
                        {
                            var at = Later(At(stageDay, true), openedAt);
                            Sign(db, app, task, step, dept, at, events, true);
                        }
                        else
                        {
                            anyOpen = true;
                            if (random.NextDouble() < 0.3)
                            {
                                var who = step.Role == Roles.DepartmentLeader ? Leader(dept) : Officer(dept);
                                task.AssigneeId = UserId(who);
                                task.AssigneeName = who;
                            }
                        }
                    }
                    status = stage == stages[^1] ? ApplicationStatus.Decided : ApplicationStatus.InReview;
                    if (status == ApplicationStatus.Decided)
                    {
                        app.Decision = approved ? Decision.Approved : Decision.Denied;
                        app.DecisionReason = approved ? "符合法定条件，准予办理" : "经审查不符合法定条件，不予办理";
                        app.DecidedAt = clockAt;
                    }
                    break;
                }
                var doneAt = Later(At(stage == stages[^1] ? issueDay : stage == decisionStage ? decideDay : stageDay, true), openedAt);
                foreach (var step in steps)
                {
                    var dept = step.DepartmentId ?? item.DepartmentId;
                    var task = NewTask(app, step, dept, step.Role, app.DueOn, openedAt);
                    db.Add(task);
                    if (step.Kind == StepKind.Decision)
                    {
                        var leader = Leader(dept);
                        Close(task, leader, doneAt, approved ? "同意" : "不同意：经审查不符合法定条件");
                        Event(doneAt, approved ? ApplicationAction.Approve : ApplicationAction.Deny, ApplicationStatus.InReview, ApplicationStatus.Decided,
                            step.NameZh, dept, leader, approved ? "符合法定条件，准予办理" : "经审查不符合法定条件，不予办理");
                        app.Decision = approved ? Decision.Approved : Decision.Denied;
                        app.DecisionReason = approved ? "符合法定条件，准予办理" : "经审查不符合法定条件，不予办理";
                        app.DecidedAt = doneAt;
                    }
                    else if (step.Kind == StepKind.Issue)
                    {
                        var officer = Officer(dept);
                        Close(task, officer, doneAt, "已送达");
                        Event(doneAt, ApplicationAction.IssueResult, ApplicationStatus.Decided, ApplicationStatus.Completed, step.NameZh, dept, officer);
                    }
                    else
                    {
                        Sign(db, app, task, step, dept, doneAt, events, false);
                    }
                }
                clockAt = doneAt;
            }

            if (completed)
            {
                app.Status = ApplicationStatus.Completed;
                app.CompletedAt = clockAt;
                app.CompletedOn = issueDay;
                app.OnTime = app.DueOn is null || issueDay <= app.DueOn;
                app.Stage = stages[^1];
                app.UpdatedAt = clockAt;
                db.AddRange(events);
                return;
            }

            app.Stage = current;
            app.Status = status;
            app.UpdatedAt = clockAt;
            var variant = random.NextDouble();
            if (status == ApplicationStatus.InReview && variant < 0.06 && elapsed >= 1)
            {
                // 补正 during review: the clock stops until the applicant supplies; the stage's open work waits.
                var pausedOn = cal.AddWorkingDays(intakeDay, random.Next(1, elapsed + 1));
                var note = SupplementNote(item);
                db.Add(new ClockPauseRecord { Id = NewId(), ApplicationId = app.Id, Supplement = true, PausedOn = pausedOn, Reason = note });
                foreach (var t in _tasks.Where(t => t.Status == WorkTaskStatus.Open))
                {
                    t.Status = WorkTaskStatus.Cancelled;
                    t.Outcome = "补正";
                    t.ClosedAt = Later(At(pausedOn, true), t.OpenedAt);
                }
                var officer = Officer(item.DepartmentId);
                Event(Later(At(pausedOn, true), clockAt), ApplicationAction.RequestSupplement, ApplicationStatus.InReview, ApplicationStatus.SupplementRequested,
                    null, item.DepartmentId, officer, note);
                app.Status = ApplicationStatus.SupplementRequested;
                app.SupplementNote = note;
                app.DueOn = null;
            }
            else if (status == ApplicationStatus.InReview && !late && variant < 0.15 && app.LimitDays > 0)
            {
                // 特别程序 (expert review, testing, hearing): its own limit; the decision's clock stands still.
                var pausedOn = cal.AddWorkingDays(intakeDay, random.Next(0, elapsed + 1));
                var kind = (SpecialProcedureKind)new[] { 1, 2, 3 }[random.Next(3)];
                var days = random.Next(10, 31);
                var reason = kind switch
                {
                    SpecialProcedureKind.Hearing => "涉及重大利益关系人，依申请举行听证",
                    SpecialProcedureKind.Testing => "需对场所设施进行检验检测",
                    _ => "组织专家评审技术方案",
                };
                db.Add(new ClockPauseRecord { Id = NewId(), ApplicationId = app.Id, Procedure = kind, ProcedureLimitDays = days, PausedOn = pausedOn, Reason = reason });
                var procedureDue = cal.AddWorkingDays(pausedOn, days);
                foreach (var t in _tasks.Where(t => t.Status == WorkTaskStatus.Open))
                {
                    t.DueOn = procedureDue;
                }
                var officer = Officer(item.DepartmentId);
                Event(Later(At(pausedOn, true), clockAt), ApplicationAction.StartSpecialProcedure, ApplicationStatus.InReview, ApplicationStatus.SpecialProcedure,
                    null, item.DepartmentId, officer, $"{ApplicationStateMachine.Names(kind).Zh}，时限 {days} 个工作日：{reason}");
                app.Status = ApplicationStatus.SpecialProcedure;
                app.DueOn = null;
            }
            db.AddRange(events);
        }

        /// <summary>The candidate, or a little after the previous moment, never after now (unless the previous moment is).</summary>
        private DateTime Later(DateTime candidate, DateTime notBefore) => candidate > notBefore ? candidate : NotAfterNow(notBefore.AddMinutes(7), notBefore);

        /// <summary>The moment, held back to now, but never before <paramref name="notBefore"/>.</summary>
        private DateTime NotAfterNow(DateTime moment, DateTime notBefore) =>
            new(Math.Max(notBefore.Ticks, Math.Min(moment.Ticks, now.Ticks)), DateTimeKind.Utc);

        private WorkTask NewTask(Application app, WorkflowStep step, Guid department, string role, DateOnly? due, DateTime openedAt)
        {
            var task = new WorkTask
            {
                Id = NewId(),
                ApplicationId = app.Id,
                StepKey = step.Key,
                StepName = step.NameZh,
                Kind = step.Kind,
                Stage = step.Stage,
                DepartmentId = department,
                Role = role,
                Status = WorkTaskStatus.Open,
                ApplicationNumber = app.Number!,
                ImplementationCode = app.ImplementationCode,
                ItemName = app.ItemName,
                ApplicantName = Masking.Name(app.ApplicantName),
                DueOn = due,
                OpenedAt = openedAt,
            };
            _tasks.Add(task);
            return task;
        }

        private static void Close(WorkTask task, string actor, DateTime at, string outcome)
        {
            task.Status = WorkTaskStatus.Done;
            task.Outcome = outcome;
            task.ClosedAt = at;
            task.AssigneeId ??= UserId(actor);
            task.AssigneeName ??= actor;
        }

        /// <summary>A review step signed off: alone by the department's officer, or countersigned by the officer and the leader.</summary>
        private void Sign(SmartGovDbContext db, Application app, WorkTask task, WorkflowStep step, Guid dept, DateTime at, List<ApplicationEvent> events, bool inFlight)
        {
            var officer = Officer(dept);
            if (step.Countersign != CountersignMode.Alone)
            {
                string[] signers = [officer, Leader(dept)];
                for (var i = 0; i < step.Required && i < signers.Length; i++)
                {
                    var votedAt = NotAfterNow(at.AddMinutes(i * 13), at);
                    db.Add(new StepVote { Id = NewId(), TaskId = task.Id, UserId = UserId(signers[i]), UserName = signers[i], Approve = true, At = votedAt });
                    task.Approvals++;
                    events.Add(new ApplicationEvent
                    {
                        ApplicationId = app.Id, At = votedAt, Action = ApplicationAction.Approve, StepName = step.NameZh, DepartmentId = dept,
                        ActorId = UserId(signers[i]), ActorName = signers[i], FromStatus = ApplicationStatus.InReview, ToStatus = ApplicationStatus.InReview,
                        Comment = $"会签 {i + 1}/{step.Required} 同意",
                    });
                }
            }
            else
            {
                events.Add(new ApplicationEvent
                {
                    ApplicationId = app.Id, At = at, Action = ApplicationAction.Approve, StepName = step.NameZh, DepartmentId = dept, ActorId = UserId(officer),
                    ActorName = officer, FromStatus = ApplicationStatus.InReview, ToStatus = ApplicationStatus.InReview, Comment = inFlight ? "同意" : null,
                });
            }
            Close(task, officer, at, "同意");
        }

        private string SupplementNote(ServiceItemView item)
        {
            var own = item.Materials.Where(m => m.Source == MaterialSource.Applicant).ToList();
            return own.Count == 0 ? "申请表签字不完整" : own[random.Next(own.Count)].Name + "（需补充完整）";
        }

        private void AddMaterials(SmartGovDbContext db, Application app, ServiceItemView item, bool window, DateTime at)
        {
            foreach (var m in item.Materials.Where(m => m.Necessity == MaterialNecessity.Required))
            {
                var source = m.Source switch
                {
                    MaterialSource.Sharing => "shared",
                    MaterialSource.Department => "department",
                    _ => window ? "paper" : "applicant",
                };
                db.Add(new ApplicationMaterial
                {
                    Id = NewId(),
                    ApplicationId = app.Id,
                    RequirementId = m.Id,
                    Name = m.Name,
                    FileName = source == "applicant" ? m.Name + ".pdf" : null,
                    Size = source == "applicant" ? random.Next(80_000, 900_000) : null,
                    Source = source,
                    AddedAt = at,
                });
            }
        }

        /// <summary>The item's form, filled in plausibly from the applicant (the fields the form has, nothing else).</summary>
        private Dictionary<string, string?> Form(ServiceItemView item, Citizen person, Company? company)
        {
            var form = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var f in item.FormFields)
            {
                form[f.Name] = f.Name switch
                {
                    "applicantName" or "contactName" => person.Name,
                    "idNumber" => IdNumber.Mask(person.IdNumber),
                    "mobile" or "contactMobile" => person.MobileMasked,
                    "companyName" => company?.Name ?? person.Name,
                    "creditCode" => company?.CreditCode,
                    _ => f.Type switch
                    {
                        FormFieldType.Number => random.Next(1, 5000).ToString(CultureInfo.InvariantCulture),
                        FormFieldType.Date => today.AddDays(-random.Next(1, 60)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                        _ => f.Required ? "（示范数据）" : null,
                    },
                };
            }
            return form;
        }
    }
}
