using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Applications;
using SmartGov.Hub.Modules.Applications.Storage;
using SmartGov.Hub.Seeding;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Applications.Files.Tests;

/// <summary>
/// The staged-file sweep: a draft's materials nobody submitted go after the retention (72 hours), attached materials
/// never do, and bytes without a row (orphans) are reported and removed.
/// </summary>
public sealed class SweepTests(ClockFactory factory) : IClassFixture<ClockFactory>, IDisposable
{
    public void Dispose() => factory.Clock.Reset();

    private async Task<StoredFileInfo> StageAsync(Guid userId, string name, byte[] bytes)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<MaterialFiles>().StageAsync(userId, name, new MemoryStream(bytes));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.MessageEn)));
        return result.File!;
    }

    [Fact]
    public async Task Old_staged_files_and_orphans_are_removed_and_attached_files_are_kept()
    {
        var citizen = await factory.CitizenIdAsync(DemoCitySeeder.DemoCitizen.IdNumber);
        var store = (FileSystemFileStore)factory.Services.GetRequiredService<IFileStore>();
        var abandoned = await StageAsync(citizen, "draft.pdf", Samples.Pdf());
        var submitted = await StageAsync(citizen, "submitted.png", Samples.Png);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var files = scope.ServiceProvider.GetRequiredService<MaterialFiles>();
            Assert.Empty(await files.AttachAsync(citizen, [submitted.Id], "application", "APP-1"));
            // Someone else's file, and an unknown one, cannot be attached.
            Assert.Equal(2, (await files.AttachAsync(Guid.NewGuid(), [abandoned.Id, Guid.NewGuid()], "application", "APP-2")).Count);
            await scope.ServiceProvider.GetRequiredService<SmartGovDbContext>().SaveChangesAsync();
        }
        var orphan = await store.PutAsync(new MemoryStream("bytes whose row was never saved"u8.ToArray()));
        var keys = await KeysAsync();

        // Within the retention nothing goes (and a fresh orphan may be an upload about to commit).
        factory.Clock.Advance(TimeSpan.FromMinutes(30));
        var early = await SweepAsync();
        Assert.Equal(0, early.StagedFilesDeleted);
        Assert.Empty(early.OrphanKeys);

        factory.Clock.Advance(TimeSpan.FromHours(73));
        var report = await SweepAsync();

        Assert.True(report.StagedFilesDeleted >= 1);
        Assert.Contains(orphan.Key, report.OrphanKeys);
        Assert.False(await store.ExistsAsync(orphan.Key));
        Assert.False(await store.ExistsAsync(keys[abandoned.Id]));
        Assert.True(await store.ExistsAsync(keys[submitted.Id]));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var files = scope.ServiceProvider.GetRequiredService<MaterialFiles>();
            Assert.Null(await files.GetAsync(abandoned.Id));
            var kept = await files.GetAsync(submitted.Id);
            Assert.Equal(StoredFileState.Attached, kept!.State);
            Assert.Equal("APP-1", kept.SubjectId);
            Assert.Contains(await files.ListAttachedAsync("application", "APP-1"), f => f.Id == submitted.Id);
            var opened = await files.OpenAsync(submitted.Id);
            await using var content = opened!.Content;
            using var copy = new MemoryStream();
            await content.CopyToAsync(copy);
            Assert.Equal(Samples.Png, copy.ToArray());
        }
    }

    private async Task<FileSweepReport> SweepAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<StagedFileSweeper>().RunAsync();
    }

    private Task<Dictionary<Guid, string>> KeysAsync() =>
        factory.WithDbAsync(db => db.Set<StoredFile>().ToDictionaryAsync(f => f.Id, f => f.StoreKey));
}
