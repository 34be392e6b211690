using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartGov.Core;
using SmartGov.Hub.Common;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Applications.Storage;
using SmartGov.Hub.Modules.Audit;

namespace SmartGov.Hub.Modules.Applications;

public enum StoredFileState
{
    /// <summary>Uploaded, not yet part of a submitted application (a draft's material); the sweep removes it after the retention.</summary>
    Staged,

    /// <summary>Part of something (an application); never removed by the sweep.</summary>
    Attached,
}

/// <summary>A stored material file as callers see it (no store key).</summary>
public sealed record StoredFileInfo(
    Guid Id, string FileName, string ContentType, long Size, string Sm3, Guid UploadedById, DateTime UploadedAt,
    StoredFileState State, string? SubjectType, string? SubjectId);

/// <summary>The outcome of <see cref="MaterialFiles.StageAsync(Guid, string?, Stream, CancellationToken)"/>: the file, or why not.</summary>
public sealed record StageResult(StoredFileInfo? File, IReadOnlyList<FieldError> Errors, bool TooLarge = false)
{
    public bool Succeeded => File is not null;
}

/// <summary>An open download: the metadata and the bytes (the caller disposes the stream).</summary>
public sealed record OpenedFile(StoredFileInfo Info, Stream Content);

/// <summary>
/// Materials (申请材料) uploaded by applicants and clerks. A file is <em>staged</em> when uploaded (it belongs to the
/// uploader's draft and is listed to them, so nothing is lost silently), and <em>attached</em> when the application it
/// belongs to is submitted. Staged files nobody attaches are removed by <see cref="StagedFileSweeper"/> after
/// <see cref="ApplicationFilesOptions.StagedFileRetentionHours"/>; attached ones never are.
/// </summary>
public sealed partial class MaterialFiles(
    SmartGovDbContext db, IFileStore store, IAuditSink audit, TimeProvider clock, IOptions<ApplicationFilesOptions> options, ILogger<MaterialFiles> logger)
{
    /// <summary>The form field that carries the file, named in errors.</summary>
    public const string Field = "file";

    public const string AuditSubjectType = "file";

    public long MaxUploadBytes => options.Value.MaxUploadBytes;

    public Task<StageResult> StageAsync(ClaimsPrincipal user, string? fileName, Stream content, CancellationToken cancellationToken = default) =>
        StageAsync(user.GetUserId() ?? throw new ArgumentException("The user is not signed in.", nameof(user)), fileName, content, cancellationToken);

    /// <summary>
    /// Checks the upload (size, type by content, extension), stores the bytes, then saves the <see cref="StoredFile"/>
    /// row with its audit entry in one transaction. If the row cannot be saved the bytes are deleted again, so a failed
    /// upload leaves nothing behind. <paramref name="content"/> is read from its current position.
    /// </summary>
    public async Task<StageResult> StageAsync(Guid userId, string? fileName, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var max = options.Value.MaxUploadBytes;
        Stream? buffered = null;
        try
        {
            var seekable = content;
            if (!content.CanSeek)
            {
                // Inspection reads zips from their end; spool a one-way stream to a temp file, stopping past the limit.
                buffered = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
                var copied = await CopyAtMostAsync(content, buffered, max + 1, cancellationToken);
                if (copied > max)
                {
                    return new StageResult(null, [UploadInspector.TooLarge(Field, fileName, max)], TooLarge: true);
                }
                buffered.Position = 0;
                seekable = buffered;
            }
            else if (content.Length - content.Position > max)
            {
                return new StageResult(null, [UploadInspector.TooLarge(Field, fileName, max)], TooLarge: true);
            }
            else if (content.Position != 0)
            {
                buffered = new MemoryStream();
                await content.CopyToAsync(buffered, cancellationToken);
                buffered.Position = 0;
                seekable = buffered;
            }

            var inspection = UploadInspector.Inspect(Field, fileName, seekable);
            if (!inspection.Accepted)
            {
                return new StageResult(null, inspection.Errors);
            }
            seekable.Position = 0;
            var blob = await store.PutAsync(seekable, cancellationToken);
            var row = new StoredFile
            {
                Id = Guid.CreateVersion7(),
                StoreKey = blob.Key,
                FileName = UploadInspector.SanitizeFileName(fileName, inspection.Kind!),
                ContentType = inspection.Kind!.ContentType,
                Size = blob.Size,
                Sm3 = blob.Sm3,
                UploadedById = userId,
                UploadedAt = clock.GetUtcNow().UtcDateTime,
                State = StoredFileState.Staged,
            };
            try
            {
                db.Set<StoredFile>().Add(row);
                audit.Record(new AuditEvent(AuditActions.Create, SubjectType: AuditSubjectType, SubjectId: row.Id.ToString(),
                    Details: $"upload {row.ContentType} {row.Size} bytes sm3 {row.Sm3}"));
                await db.SaveChangesAsync(cancellationToken);
            }
            catch
            {
                db.Entry(row).State = EntityState.Detached;
                await store.DeleteAsync(blob.Key, CancellationToken.None);
                throw;
            }
            LogStaged(row.Id, row.Size);
            return new StageResult(ToInfo(row), []);
        }
        finally
        {
            if (buffered is not null)
            {
                await buffered.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Marks the user's staged files as attached to (<paramref name="subjectType"/>, <paramref name="subjectId"/>). The
    /// change joins the caller's unit of work (the scoped DbContext): nothing is saved here, so the application and its
    /// files commit together. Unknown files and other users' files get the same error (nothing is revealed about them);
    /// a file already attached to the same subject is accepted again, one attached elsewhere is refused.
    /// </summary>
    public async Task<IReadOnlyList<FieldError>> AttachAsync(Guid userId, IEnumerable<Guid> fileIds, string subjectType, string subjectId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subjectType);
        ArgumentException.ThrowIfNullOrWhiteSpace(subjectId);
        var ids = fileIds.Distinct().ToList();
        var rows = await db.Set<StoredFile>().Where(f => ids.Contains(f.Id)).ToListAsync(cancellationToken);
        var errors = new List<FieldError>();
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var id in ids)
        {
            var row = rows.FirstOrDefault(r => r.Id == id);
            if (row is null || row.UploadedById != userId)
            {
                errors.Add(new FieldError("files", "file.unknown", $"材料文件 {id} 不存在或不属于您，请重新上传", $"Material file {id} does not exist or is not yours; upload it again."));
                continue;
            }
            if (row.State == StoredFileState.Attached)
            {
                if (row.SubjectType != subjectType || row.SubjectId != subjectId)
                {
                    errors.Add(new FieldError("files", "file.attached", $"材料文件“{row.FileName}”已用于其他办件，请重新上传", $"Material file \"{row.FileName}\" already belongs to another application; upload it again."));
                }
                continue;
            }
            row.State = StoredFileState.Attached;
            row.SubjectType = subjectType;
            row.SubjectId = subjectId;
            row.AttachedAt = now;
        }
        return errors;
    }

    /// <summary>
    /// Gives files of a subject that it no longer uses back to the staged state (a draft whose material was replaced):
    /// they are listed as the user's staged files again and swept once the retention since upload has passed, never left
    /// attached to nothing.
    /// Joins the caller's unit of work.
    /// </summary>
    public async Task ReleaseAsync(IEnumerable<Guid> fileIds, string subjectType, string subjectId, CancellationToken cancellationToken = default)
    {
        var ids = fileIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return;
        }
        foreach (var row in await db.Set<StoredFile>().Where(f => ids.Contains(f.Id) && f.SubjectType == subjectType && f.SubjectId == subjectId).ToListAsync(cancellationToken))
        {
            row.State = StoredFileState.Staged;
            row.SubjectType = null;
            row.SubjectId = null;
            row.AttachedAt = null;
        }
    }

    /// <summary>Several files' metadata in one read; unknown ids are left out.</summary>
    public async Task<IReadOnlyList<StoredFileInfo>> FindManyAsync(IReadOnlyCollection<Guid> fileIds, CancellationToken cancellationToken = default)
    {
        var ids = fileIds.Distinct().ToList();
        var rows = await db.Set<StoredFile>().AsNoTracking().Where(f => ids.Contains(f.Id)).ToListAsync(cancellationToken);
        return [.. rows.Select(ToInfo)];
    }

    /// <summary>
    /// The names of the files a form carries over from a refused try (field key → staged file id), for the user's own
    /// files only, in one read: what the page shows as already uploaded.
    /// </summary>
    public async Task<Dictionary<string, string>> OwnFileNamesAsync(ClaimsPrincipal user, IReadOnlyDictionary<string, Guid> staged,
        CancellationToken cancellationToken = default)
    {
        if (staged.Count == 0 || user.GetUserId() is not { } userId)
        {
            return [];
        }
        var own = (await FindManyAsync([.. staged.Values], cancellationToken)).Where(f => f.UploadedById == userId).ToDictionary(f => f.Id, f => f.FileName);
        return staged.Where(s => own.ContainsKey(s.Value)).ToDictionary(s => s.Key, s => own[s.Value]);
    }

    public async Task<StoredFileInfo?> GetAsync(Guid fileId, CancellationToken cancellationToken = default)
    {
        var row = await db.Set<StoredFile>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == fileId, cancellationToken);
        return row is null ? null : ToInfo(row);
    }

    /// <summary>The user's own files, newest first; <paramref name="state"/> narrows to staged (a draft's materials) or attached.</summary>
    public async Task<IReadOnlyList<StoredFileInfo>> ListAsync(Guid userId, StoredFileState? state = null, CancellationToken cancellationToken = default)
    {
        var query = db.Set<StoredFile>().AsNoTracking().Where(f => f.UploadedById == userId);
        if (state is { } s)
        {
            query = query.Where(f => f.State == s);
        }
        var rows = await query.OrderByDescending(f => f.UploadedAt).Take(500).ToListAsync(cancellationToken);
        return [.. rows.Select(ToInfo)];
    }

    /// <summary>The files attached to a subject (an application's materials), oldest first.</summary>
    public async Task<IReadOnlyList<StoredFileInfo>> ListAttachedAsync(string subjectType, string subjectId, CancellationToken cancellationToken = default)
    {
        var rows = await db.Set<StoredFile>().AsNoTracking()
            .Where(f => f.State == StoredFileState.Attached && f.SubjectType == subjectType && f.SubjectId == subjectId)
            .OrderBy(f => f.UploadedAt).ToListAsync(cancellationToken);
        return [.. rows.Select(ToInfo)];
    }

    /// <summary>Opens a file for download. Authorization is the caller's: check the owner or the subject first.</summary>
    public async Task<OpenedFile?> OpenAsync(Guid fileId, CancellationToken cancellationToken = default)
    {
        var row = await db.Set<StoredFile>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == fileId, cancellationToken);
        if (row is null)
        {
            return null;
        }
        var stream = await store.OpenReadAsync(row.StoreKey, cancellationToken);
        if (stream is null)
        {
            LogMissingBytes(row.Id, row.StoreKey);
            return null;
        }
        return new OpenedFile(ToInfo(row), stream);
    }

    internal static StoredFileInfo ToInfo(StoredFile f) =>
        new(f.Id, f.FileName, f.ContentType, f.Size, f.Sm3, f.UploadedById, f.UploadedAt, f.State, f.SubjectType, f.SubjectId);

    private static async Task<long> CopyAtMostAsync(Stream source, Stream destination, long limit, CancellationToken ct)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while (total < limit && (read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, limit - total)), ct)) > 0)
        {
            await destination.WriteAsync(buffer.AsMemory(0, read), ct);
            total += read;
        }
        return total;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Staged material file {FileId} ({Size} bytes)")]
    private partial void LogStaged(Guid fileId, long size);

    [LoggerMessage(Level = LogLevel.Error, Message = "Material file {FileId} has a row but its bytes are missing from the store (key {StoreKey})")]
    private partial void LogMissingBytes(Guid fileId, string storeKey);
}
