using System.ComponentModel.DataAnnotations;

namespace SmartGov.Hub.Modules.Applications;

/// <summary>The upload settings in configuration section <c>Applications</c>.</summary>
public sealed class ApplicationFilesOptions
{
    public const string Section = "Applications";

    /// <summary>The largest material file accepted, in bytes (default 10 MiB). Larger uploads get 413.</summary>
    [Range(1, 1L << 31)]
    public long MaxUploadBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Staged files (uploaded, never attached to a submitted application) are removed after this many hours (default 72).</summary>
    [Range(1, 24 * 365)]
    public int StagedFileRetentionHours { get; set; } = 72;

    /// <summary>How often the sweep runs, in minutes; 0 turns the background sweep off (it can still be run on demand).</summary>
    [Range(0, 24 * 60)]
    public int SweepMinutes { get; set; } = 60;

    /// <summary>
    /// Bytes in the store without a row are removed only when older than this: an upload in progress writes its bytes
    /// a moment before its row commits, and must not be mistaken for an orphan.
    /// </summary>
    [Range(1, 24 * 60)]
    public int OrphanGraceMinutes { get; set; } = 60;

    /// <summary>Room for the multipart envelope (boundaries, headers) above <see cref="MaxUploadBytes"/> in the request body limit.</summary>
    public const long MultipartOverheadBytes = 64 * 1024;

    public long RequestBodyLimit => MaxUploadBytes + MultipartOverheadBytes;
}
