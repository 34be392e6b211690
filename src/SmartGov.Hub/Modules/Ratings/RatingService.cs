using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SmartGov.Core;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Common;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Applications;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Identity;
using SmartGov.Hub.Modules.Notifications;
using SmartGov.Hub.Modules.Organizations;
using SmartGov.Hub.Modules.Ratings.Model;
using SmartGov.Hub.Modules.Services;

namespace SmartGov.Hub.Modules.Ratings;

/// <summary>
/// 好差评 and 整改: one rating per completed application, by its applicant (online) or recorded at the hall (offline);
/// a 1- or 2-star rating opens a rectification for the application's department, due in 15 working days. Every change
/// commits with its audit entry and its notifications in one SaveChanges.
/// </summary>
public sealed partial class RatingService(
    SmartGovDbContext db,
    IApplicationDirectory applications,
    IAuditSink audit,
    INotifier notifier,
    IPersonDirectory people,
    IOrganizationDirectory organizations,
    IWorkingCalendar calendar,
    TimeProvider clock)
{
    public const string RatingSubject = "rating";
    public const string RectificationSubject = "rectification";
    public const int MaxComment = 500;
    public const int MaxText = 2000;

    /// <summary>Working days a department has to rectify after a bad rating.</summary>
    public const int RectificationDays = 15;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private DateOnly Today => ChinaTime.Today(clock);

    private static bool Signed(ClaimsPrincipal user) => !user.HasClaim(c => c.Type == SmartGovClaims.TwoFactorSetupRequired);

    public static bool IsSupervisor(ClaimsPrincipal user) => Signed(user) && user.IsInRole(Roles.Supervisor);

    /// <summary>An officer or leader of a department: sees and answers that department's rectifications.</summary>
    public static bool IsDepartmentStaff(ClaimsPrincipal user) =>
        Signed(user) && user.GetDepartmentId() is not null && (user.IsInRole(Roles.Officer) || user.IsInRole(Roles.DepartmentLeader));

    /// <summary>Who may read the statistics: supervisors and evaluators (all), department leaders (their own department).</summary>
    public static bool MayReadStats(ClaimsPrincipal user) =>
        Signed(user) && (user.IsInRole(Roles.Supervisor) || user.IsInRole(Roles.Evaluator) || (user.IsInRole(Roles.DepartmentLeader) && user.GetDepartmentId() is not null));

    public static bool MayUseRectifications(ClaimsPrincipal user) => IsSupervisor(user) || IsDepartmentStaff(user);

    // ---------------------------------------------------------------- ratings

    /// <summary>
    /// Rates a completed application. The applicant rates online (or says Offline when at the hall's device); a window
    /// clerk records a window application's rating on the applicant's behalf (always Offline). Before completion → 422,
    /// someone else → 404 (citizens) or 403 (staff), a second rating → 409.
    /// </summary>
    public async Task<RatingResult<RatingView>> RateAsync(ClaimsPrincipal user, Guid applicationId, RatingInput input, CancellationToken ct)
    {
        var facts = await applications.FindAsync(applicationId, ct);
        return facts is null ? new(null, NotFound: true) : await RateAsync(user, facts, input, ct);
    }

    public async Task<RatingResult<RatingView>> RateByNumberAsync(ClaimsPrincipal user, string number, RatingInput input, CancellationToken ct)
    {
        var facts = await applications.FindByNumberAsync(number, ct);
        return facts is null ? new(null, NotFound: true) : await RateAsync(user, facts, input, ct);
    }

    private async Task<RatingResult<RatingView>> RateAsync(ClaimsPrincipal user, ApplicationFacts app, RatingInput input, CancellationToken ct)
    {
        if (user.GetUserId() is not { } userId)
        {
            return new(null, NotFound: true);
        }
        var isApplicant = app.ApplicantUserId == userId && user.IsInRole(Roles.Citizen);
        var isClerk = !isApplicant && Signed(user) && user.IsInRole(Roles.WindowClerk) && app.Channel == ApplicationChannel.Window;
        if (!isApplicant && !isClerk)
        {
            return user.IsInRole(Roles.Citizen)
                ? new(null, NotFound: true)
                : new(null, Forbidden: ("只有申请人本人可以评价（窗口办件可由窗口人员代为录入现场评价）", "Only the applicant may rate (a window clerk may record the applicant's rating of a window application)."));
        }
        if (app.Status != ApplicationStatus.Completed || app.Number is null)
        {
            return new(null, [new FieldError("application", "rating.notCompleted", "办件办结后才能评价", "An application can be rated once it is completed.")]);
        }
        var errors = Validate(input, out var channel);
        if (isClerk)
        {
            channel = RatingChannel.Offline;
        }
        if (errors.Count > 0)
        {
            return new(null, errors);
        }
        if (await db.Set<Rating>().AnyAsync(r => r.ApplicationId == app.Id, ct))
        {
            return AlreadyRated();
        }

        var rating = new Rating
        {
            Id = Guid.CreateVersion7(),
            ApplicationId = app.Id,
            ApplicationNumber = app.Number,
            ItemCode = app.ItemCode,
            ItemName = app.ItemName,
            DepartmentId = app.DepartmentId,
            HallId = app.HallId,
            Score = input.Score!.Value,
            Efficiency = input.Efficiency,
            Attitude = input.Attitude,
            Convenience = input.Convenience,
            Comment = string.IsNullOrWhiteSpace(input.Comment) ? null : input.Comment.Trim(),
            Channel = channel,
            RatedBy = userId,
            OnBehalf = isClerk,
            RatedAt = Now,
            RatedOn = Today,
        };
        db.Add(rating);
        audit.Record(new AuditEvent(AuditActions.Create, SubjectType: RatingSubject, SubjectId: rating.Id.ToString(),
            Details: $"application={app.Number}; score={rating.Score}; channel={channel}" + (isClerk ? "; recorded by clerk" : "")));
        if (RatingLevels.IsBad(rating.Score))
        {
            await OpenRectificationAsync(rating, ct);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two submissions at once: the unique index on the application lets only one through.
            db.ChangeTracker.Clear();
            return AlreadyRated();
        }
        return new(await ViewAsync(rating.Id, ct));
    }

    private static RatingResult<RatingView> AlreadyRated() =>
        new(null, Conflict: ("该办件已评价，每个办件只能评价一次", "This application has already been rated; each application is rated once."));

    private static List<FieldError> Validate(RatingInput input, out RatingChannel channel)
    {
        var errors = new List<FieldError>();
        if (input.Score is not (>= RatingLevels.Min and <= RatingLevels.Max))
        {
            errors.Add(new FieldError("score", "rating.score", "请选择 1 至 5 星的评价等级", "Choose a rating from 1 to 5 stars."));
        }
        void Sub(int? value, string field, string zh, string en)
        {
            if (value is { } v && v is < RatingLevels.Min or > RatingLevels.Max)
            {
                errors.Add(new FieldError(field, "rating.subScore", $"“{zh}”的评分应为 1 至 5", $"The {en} rating must be 1 to 5."));
            }
        }
        Sub(input.Efficiency, "efficiency", "办事效率", "efficiency");
        Sub(input.Attitude, "attitude", "服务态度", "attitude");
        Sub(input.Convenience, "convenience", "便捷程度", "convenience");
        if (input.Comment is { Length: > MaxComment })
        {
            errors.Add(new FieldError("comment", "rating.comment", $"评价内容不能超过 {MaxComment} 字", $"The comment can be at most {MaxComment} characters."));
        }
        channel = RatingChannel.Online;
        if (!string.IsNullOrWhiteSpace(input.Channel))
        {
            if (Enum.TryParse<RatingChannel>(input.Channel.Trim(), ignoreCase: true, out var c) && Enum.IsDefined(c) && !int.TryParse(input.Channel, out _))
            {
                channel = c;
            }
            else
            {
                errors.Add(new FieldError("channel", "rating.channel", "评价渠道应为 Online（线上）或 Offline（现场）", "The channel is Online or Offline."));
            }
        }
        return errors;
    }

    /// <summary>
    /// The rating of an application: for its applicant, the staff of its department, the clerk who may record it,
    /// supervisors and evaluators. No rating yet → Value null (the caller answers 404); no access → NotFound.
    /// </summary>
    public async Task<RatingResult<RatingView?>> GetAsync(ClaimsPrincipal user, Guid applicationId, CancellationToken ct)
    {
        var app = await applications.FindAsync(applicationId, ct);
        if (app is null || !MayRead(user, app))
        {
            return new(null, NotFound: true);
        }
        var id = await db.Set<Rating>().Where(r => r.ApplicationId == app.Id).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct);
        return new(id is { } rid ? await ViewAsync(rid, ct) : null);
    }

    /// <summary>The rating of the application with this number, for the portal's application page (null: none yet or no access).</summary>
    public async Task<RatingView?> FindByNumberAsync(ClaimsPrincipal user, string number, CancellationToken ct)
    {
        var app = await applications.FindByNumberAsync(number, ct);
        if (app is null || !MayRead(user, app))
        {
            return null;
        }
        var id = await db.Set<Rating>().Where(r => r.ApplicationId == app.Id).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct);
        return id is { } rid ? await ViewAsync(rid, ct) : null;
    }

    /// <summary>Whether the caller could rate this application now (the page shows the form only then).</summary>
    public static bool MayRate(ClaimsPrincipal user, ApplicationFacts app) =>
        app.Status == ApplicationStatus.Completed && user.GetUserId() is { } uid
        && ((app.ApplicantUserId == uid && user.IsInRole(Roles.Citizen))
            || (Signed(user) && user.IsInRole(Roles.WindowClerk) && app.Channel == ApplicationChannel.Window));

    private static bool MayRead(ClaimsPrincipal user, ApplicationFacts app) =>
        user.GetUserId() is { } uid
        && ((app.ApplicantUserId == uid && user.IsInRole(Roles.Citizen))
            || (Signed(user) && (user.IsInRole(Roles.Supervisor) || user.IsInRole(Roles.Evaluator)))
            || (Signed(user) && user.GetDepartmentId() == app.DepartmentId && (user.IsInRole(Roles.Officer) || user.IsInRole(Roles.DepartmentLeader)))
            || (Signed(user) && user.IsInRole(Roles.WindowClerk) && app.Channel == ApplicationChannel.Window));

    private async Task<RatingView?> ViewAsync(Guid ratingId, CancellationToken ct)
    {
        var r = await db.Set<Rating>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == ratingId, ct);
        if (r is null)
        {
            return null;
        }
        var rectification = await db.Set<Rectification>().Where(x => x.RatingId == r.Id).Select(x => (Guid?)x.Id).FirstOrDefaultAsync(ct);
        var (zh, en) = RatingLevels.Names(r.Score);
        return new RatingView(r.Id, r.ApplicationId, r.ApplicationNumber, r.ItemCode, r.ItemName, r.DepartmentId, r.HallId, r.Score,
            Problems.IsChinese ? zh : en, r.Efficiency, r.Attitude, r.Convenience, r.Comment, r.Channel, r.OnBehalf, r.RatedAt, rectification);
    }
}
