using System.Text;
using Microsoft.EntityFrameworkCore;
using SmartGov.Core.Calendar;
using SmartGov.Crypto;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Applications;
using SmartGov.Hub.Modules.Ratings.Model;
using SmartGov.Hub.Modules.Services;

namespace SmartGov.Hub.Modules.Ratings.Seeding;

/// <summary>
/// Demo ratings: about seven in ten completed applications get a rating, mostly good, a few bad ones with their
/// rectifications in every state. Everything is derived from the application number (SM3), so a run gives the same
/// ratings on every machine and provider; applications already rated are left alone, so running it again adds only
/// what newly completed applications need. Runs after the applications seeders.
/// </summary>
public sealed class RatingsDemoSeeder(SmartGovDbContext db, IApplicationDirectory applications, IWorkingCalendar calendar)
{
    private const int Page = 500;

    private static readonly string?[] GoodComments =
        ["办事效率高，一次就办好了", "窗口工作人员态度很好", "网上办理很方便，不用跑腿", "材料一次性告知，很清楚", null, null];

    private static readonly string[] BadComments =
        ["等了很久才办好", "材料要求没有一次说清楚，跑了两趟", "窗口排队时间太长", "网上系统操作不方便"];

    public async Task<int> SeedAsync(CancellationToken ct = default)
    {
        var cal = await calendar.GetAsync(ct);
        var added = 0;
        for (var skip = 0; ; skip += Page)
        {
            var page = await applications.ListCompletedAsync(skip, Page, ct);
            if (page.Count == 0)
            {
                break;
            }
            var ids = page.Select(a => a.Id).ToList();
            var rated = (await db.Set<Rating>().Where(r => ids.Contains(r.ApplicationId)).Select(r => r.ApplicationId).ToListAsync(ct)).ToHashSet();
            foreach (var app in page)
            {
                if (rated.Contains(app.Id) || app.Number is null || app.CompletedAt is not { } completedAt)
                {
                    continue;
                }
                var h = Sm3.Hash(Encoding.ASCII.GetBytes("rating:" + app.Number));
                if (h[0] % 10 >= 7)
                {
                    continue;
                }
                var score = (h[1] % 100) switch
                {
                    < 58 => 5,
                    < 83 => 4,
                    < 92 => 3,
                    < 97 => 2,
                    _ => 1,
                };
                var ratedAt = completedAt.AddHours(1 + h[2] % 72);
                var ratedOn = ChinaTime.ToDate(new DateTimeOffset(ratedAt, TimeSpan.Zero));
                var window = app.Channel == ApplicationChannel.Window;
                var comment = score <= 2 ? BadComments[h[3] % BadComments.Length] : GoodComments[h[3] % GoodComments.Length];
                var rating = new Rating
                {
                    Id = RatingIds.DeterministicId("rating:" + app.Number),
                    ApplicationId = app.Id,
                    ApplicationNumber = app.Number,
                    ItemCode = app.ItemCode,
                    ItemName = app.ItemName,
                    DepartmentId = app.DepartmentId,
                    HallId = app.HallId,
                    Score = score,
                    Efficiency = h[4] % 2 == 0 ? Math.Clamp(score + (h[5] % 3) - 1, 1, 5) : null,
                    Attitude = h[4] % 2 == 0 ? Math.Clamp(score + (h[6] % 3) - 1, 1, 5) : null,
                    Convenience = h[4] % 2 == 0 ? Math.Clamp(score + (h[7] % 3) - 1, 1, 5) : null,
                    Comment = comment,
                    Channel = window && h[8] % 4 != 0 ? RatingChannel.Offline : RatingChannel.Online,
                    RatedBy = app.ApplicantUserId ?? app.CreatedBy,
                    OnBehalf = app.ApplicantUserId is null,
                    RatedAt = ratedAt,
                    RatedOn = ratedOn,
                };
                db.Add(rating);
                if (score <= 2)
                {
                    var due = cal.AddWorkingDays(ratedOn, RatingService.RectificationDays);
                    var state = h[9] % 3;
                    db.Add(new Rectification
                    {
                        Id = RatingIds.DeterministicId("rectification:" + app.Number),
                        RatingId = rating.Id,
                        ApplicationId = app.Id,
                        ApplicationNumber = app.Number,
                        ItemCode = app.ItemCode,
                        ItemName = app.ItemName,
                        DepartmentId = app.DepartmentId,
                        HallId = app.HallId,
                        Score = score,
                        RatingComment = comment,
                        Status = state switch { 0 => RectificationStatus.Open, 1 => RectificationStatus.Responded, _ => RectificationStatus.Closed },
                        OpenedAt = ratedAt,
                        OpenedOn = ratedOn,
                        DueOn = due,
                        Measures = state == 0 ? null : "已约谈窗口负责人，优化叫号和材料告知流程，并对相关人员进行业务培训。",
                        RespondedAt = state == 0 ? null : ratedAt.AddDays(3),
                        ClosedAt = state == 2 ? ratedAt.AddDays(6) : null,
                        ClosedOn = state == 2 ? ratedOn.AddDays(6) : null,
                        SupervisorNote = state == 2 ? "整改措施落实到位，同意办结。" : null,
                    });
                }
                added++;
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        return added;
    }
}

internal static class RatingIds
{
    /// <summary>A stable id from a name (SM3, first 16 bytes, version 8), so reruns and other machines agree.</summary>
    public static Guid DeterministicId(string name)
    {
        var bytes = Sm3.Hash(Encoding.UTF8.GetBytes("smartgov:ratings:" + name))[..16];
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}
