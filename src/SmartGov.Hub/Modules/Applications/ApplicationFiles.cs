using SmartGov.Core;

namespace SmartGov.Hub.Modules.Applications;

/// <summary>What the application needs to know about an uploaded file.</summary>
public sealed record MaterialFileFacts(Guid Id, string FileName, string Sm3, long Size);

/// <summary>
/// The seam between applications and uploaded files: resolve the files a user staged, and attach them to an
/// application in the caller's unit of work (so that a failed submission leaves them staged, listed as the user's drafts).
/// </summary>
public interface IMaterialFileResolver
{
    /// <summary>The files among <paramref name="fileIds"/> that <paramref name="ownerId"/> uploaded and that are still usable.</summary>
    Task<IReadOnlyDictionary<Guid, MaterialFileFacts>> ResolveAsync(Guid ownerId, IReadOnlyCollection<Guid> fileIds, CancellationToken cancellationToken = default);

    /// <summary>Marks the files attached to the application; saved with the caller's changes.</summary>
    Task<IReadOnlyList<FieldError>> AttachAsync(Guid ownerId, IReadOnlyCollection<Guid> fileIds, Guid applicationId, CancellationToken cancellationToken = default);

    /// <summary>Files the application no longer uses (a draft's replaced material) go back to staged; saved with the caller's changes.</summary>
    Task ReleaseAsync(IReadOnlyCollection<Guid> fileIds, Guid applicationId, CancellationToken cancellationToken = default);
}

/// <summary>Material files are the uploads store's staged files of the same user.</summary>
internal sealed class StoredMaterialFiles(MaterialFiles files) : IMaterialFileResolver
{
    public async Task<IReadOnlyDictionary<Guid, MaterialFileFacts>> ResolveAsync(Guid ownerId, IReadOnlyCollection<Guid> fileIds, CancellationToken cancellationToken = default) =>
        (await files.FindManyAsync(fileIds, cancellationToken)).Where(f => f.UploadedById == ownerId)
            .ToDictionary(f => f.Id, f => new MaterialFileFacts(f.Id, f.FileName, f.Sm3, f.Size));

    public Task<IReadOnlyList<FieldError>> AttachAsync(Guid ownerId, IReadOnlyCollection<Guid> fileIds, Guid applicationId, CancellationToken cancellationToken = default) =>
        fileIds.Count == 0 ? Task.FromResult<IReadOnlyList<FieldError>>([])
            : files.AttachAsync(ownerId, fileIds, ApplicationService.SubjectType, applicationId.ToString(), cancellationToken);

    public Task ReleaseAsync(IReadOnlyCollection<Guid> fileIds, Guid applicationId, CancellationToken cancellationToken = default) =>
        files.ReleaseAsync(fileIds, ApplicationService.SubjectType, applicationId.ToString(), cancellationToken);
}
