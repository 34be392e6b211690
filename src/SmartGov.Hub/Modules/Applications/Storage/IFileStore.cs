namespace SmartGov.Hub.Modules.Applications;

/// <summary>Bytes that were stored: the store's key for them, their length and their SM3 digest (lowercase hex).</summary>
public sealed record StoredBlob(string Key, long Size, string Sm3);

/// <summary>A stored object as a listing sees it, for the orphan sweep.</summary>
public sealed record StoredBlobEntry(string Key, long Size, DateTimeOffset LastModified);

/// <summary>
/// Where uploaded materials' bytes live. Keys are chosen by the store (never derived from a user's file name), so a
/// key can be validated and can never name a path outside the store. The default is <see cref="Storage.FileSystemFileStore"/>.
/// </summary>
public interface IFileStore
{
    /// <summary>Stores the rest of <paramref name="content"/> under a new key; the SM3 digest is computed while the bytes are written.</summary>
    Task<StoredBlob> PutAsync(Stream content, CancellationToken cancellationToken = default);

    /// <summary>The bytes, or null when no object has that key (or the key is malformed).</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Removes the object; true if it existed. Deleting a missing key is not an error.</summary>
    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default);

    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Every stored object (not unfinished writes), for the orphan sweep.</summary>
    IAsyncEnumerable<StoredBlobEntry> ListAsync(CancellationToken cancellationToken = default);
}
